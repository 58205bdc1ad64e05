"""The app's access state (one per app, no singletons) and who a request comes from."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.requests import HTTPConnection

from aspects.auth.accounts import Account, parse_accounts
from aspects.auth.files import Watched, session_secret, tokens_path, users_path
from aspects.auth.principal import ANONYMOUS, Principal, lms_principal
from aspects.auth.sessions import SESSION_COOKIE, RateLimiter, Signer
from aspects.auth.tokens import TOKEN_PREFIX, ApiToken, find_token, parse_tokens
from aspects.lms.courses_api import CourseCache
from aspects.lms.oauth import LmsOAuth, LmsRefused
from aspects.settings import Settings


@dataclass
class AuthContext:
    """Everything the gate, the sign-in routes and the dependencies share."""

    settings: Settings
    signer: Signer
    accounts: Watched[dict[str, Account]]
    tokens: Watched[dict[str, ApiToken]]
    limiter: RateLimiter
    lms: LmsOAuth | None = None
    courses: CourseCache = field(default_factory=lambda: CourseCache(300))

    @classmethod
    def build(cls, settings: Settings) -> AuthContext:
        """The context of one app; in LMS mode, the LMS's keys are loaded now (fail fast)."""
        auth = settings.auth
        return cls(
            settings=settings,
            signer=Signer(session_secret(settings)),
            accounts=Watched(users_path(settings), parse_accounts),
            tokens=Watched(tokens_path(settings), parse_tokens),
            limiter=RateLimiter(auth.login_max_failures, auth.login_window_s),
            lms=LmsOAuth(auth.lms) if auth.mode == "lms" else None,
            courses=CourseCache(auth.lms.courses_cache_s),
        )

    def session(self, conn: HTTPConnection) -> dict[str, object] | None:
        """The signed session payload of the request, if any and valid."""
        return self.signer.loads(SESSION_COOKIE, conn.cookies.get(SESSION_COOKIE))

    async def principal(self, conn: HTTPConnection, *, tokens: bool) -> Principal:
        """Who the request comes from: an API token (when ``tokens``), a session, or nobody.

        Raises:
            LmsUnavailable: an LMS session needs its course list and the LMS does not answer.
        """
        scheme, _, value = conn.headers.get("authorization", "").partition(" ")
        if tokens and scheme.lower() == "bearer" and value.strip().startswith(TOKEN_PREFIX):
            token = find_token(self.tokens.get(), value.strip())
            return token.principal() if token else ANONYMOUS
        payload = self.session(conn)
        if payload is None or payload.get("src") != self.settings.auth.mode:
            return ANONYMOUS  # no cookie, a tampered or expired one, or one of another mode
        if payload["src"] == "local":
            account = self.accounts.get().get(str(payload.get("u")))
            if account is None or account.fingerprint != payload.get("fp"):
                return ANONYMOUS  # removed, or the password changed since
            return account.principal()
        return await self._lms_principal(payload)

    async def _lms_principal(self, payload: dict[str, object]) -> Principal:
        assert self.lms is not None  # noqa: S101 - src == "lms" only in LMS mode
        expires = payload.get("texp")
        if not isinstance(expires, int) or self.lms.expired(expires):
            return ANONYMOUS  # the LMS token expired: sign in again
        username, token = str(payload["u"]), str(payload["tok"])
        administrator, superuser = payload.get("adm") is True, payload.get("su") is True
        courses: frozenset[str] = frozenset()
        if not (administrator or superuser):
            try:
                courses = await self.courses.courses(self.lms, username, token)
            except LmsRefused:
                return ANONYMOUS
        return lms_principal(
            username,
            str(payload.get("e", "")),
            str(payload.get("n", "")),
            administrator=administrator,
            superuser=superuser,
            staff_courses=courses,
        )
