"""Who calls: per-user tokens, HTTP Basic to get one, and the token endpoint."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import BasicScheme as DrfBasicScheme
from drf_spectacular.utils import extend_schema
from rest_framework import (
    authentication,
    exceptions,
    serializers,
    status,
)
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.parsers import LimitedJSONParser
from api.permissions import HasRole


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key: str):
        if "\x00" in key:
            raise exceptions.AuthenticationFailed(_("Jeton invalide."))
        return super().authenticate_credentials(key)


class BasicAuthentication(authentication.BasicAuthentication):
    def authenticate_credentials(self, userid: str, password: str, request: Request | None = None):
        if "\x00" in userid or "\x00" in password:
            raise exceptions.AuthenticationFailed(_("Identifiant ou mot de passe invalide."))
        return super().authenticate_credentials(userid, password, request)


class BasicScheme(DrfBasicScheme):
    """Documents our BasicAuthentication as HTTP Basic, like DRF's."""

    target_class = BasicAuthentication


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(
        read_only=True, help_text=_("À envoyer dans l'en-tête « Authorization: Token … ».")
    )


TOKEN_DESCRIPTION = _(
    "Votre jeton d'accès à l'API : POST le crée (ou rend le jeton actuel), DELETE le révoque.\n\n"
    "Accessible avec votre mot de passe (HTTP Basic), votre session ou le jeton lui-même. Les "
    "administrateurs voient et révoquent tous les jetons dans l'administration."
)


class TokenView(APIView):
    """The caller's own API token: POST creates it (or returns the current one), DELETE revokes it."""

    authentication_classes = [BasicAuthentication, authentication.SessionAuthentication, TokenAuthentication]
    permission_classes = [HasRole]
    parser_classes = [LimitedJSONParser]

    @extend_schema(
        request=None,
        responses={200: TokenSerializer, 201: TokenSerializer},
        description=TOKEN_DESCRIPTION,
    )
    def post(self, request: Request) -> Response:
        token, created = Token.objects.get_or_create(user=request.user)
        return Response(
            {"token": token.key}, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )

    @extend_schema(
        request=None,
        responses={204: None},
        description=TOKEN_DESCRIPTION,
    )
    def delete(self, request: Request) -> Response:
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
