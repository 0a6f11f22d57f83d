"""Rendering of the phone pages: language choice, money formatting, template context."""

from __future__ import annotations

from decimal import Decimal

from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from kiosk.handoff.i18n import LANGUAGES, html_lang, pick_language, strings, translator
from kiosk.handoff.pricing import PricedBasket, format_money
from kiosk.handoff.storage import OpenBasket, OrderRow

LANG_COOKIE = "lang"
_APP_NAMES = {"wechat": "wechat", "alipay": "alipay"}
# A shopper holding a real code only has to wait: the page reloads itself (no script
# needed) so the basket is opened as soon as the service can, before the code expires.
_RETRIES_ITSELF = frozenset({"busy"})


class Pages:
    def __init__(self, templates: Jinja2Templates, store_name: str, default_language: str):
        self.templates = templates
        self.store_name = store_name
        self.default_language = default_language

    def basket(self, request: Request, opened: OpenBasket, basket: PricedBasket, *,
               takes_address: bool, missing: list[str] | None = None,
               form: dict[str, str] | None = None, status: int = 200) -> Response:
        language = self._language(request, opened.snapshot.language)
        t = translator(language)
        money = lambda amount: format_money(amount, basket.currency, language)  # noqa: E731
        missing_labels = ", ".join(t(key) for key in (missing or []) if key in strings(language))
        context = {"basket": basket, "money": money, "csrf": opened.csrf, "form": form or {},
                   "takes_address": takes_address, "missing": missing or [],
                   "missing_text": t("missing_fields", fields=missing_labels) if missing else "",
                   "chosen": (form or {}).get("fulfilment", "delivery")}
        return self._render(request, "basket.html", language, context, status)

    def message(self, request: Request, kind: str, status: int, retry_after: int | None = None) -> Response:
        language = self._language(request, None)
        t = translator(language)
        refresh = retry_after if kind in _RETRIES_ITSELF else None
        context = {"title": t(f"{kind}_title"), "text": t(f"{kind}_text"), "kind": kind,
                   "refresh_s": refresh}
        response = self._render(request, "message.html", language, context, status)
        if retry_after is not None:
            response.headers["Retry-After"] = str(retry_after)
        return response

    def order(self, request: Request, order: OrderRow, payment_url: str | None) -> Response:
        language = self._language(request, None)
        context = {"order": order, "payment_url": payment_url,
                   "total": format_money(Decimal(order.total), order.currency, language)}
        return self._render(request, "order.html", language, context, 200)

    def app_link(self, request: Request, outcome) -> Response:
        language = self._language(request, None)
        app = translator(language)(_APP_NAMES[outcome.app])
        context = {"url": outcome.url, "app": app}
        return self._render(request, "app_link.html", language, context, 200)

    def remember_language(self, response: Response, language: str | None) -> None:
        """Every page of this basket (order, app link, errors) speaks the mirror's language
        until the shopper picks another one with ?lang=."""
        if language in LANGUAGES:
            response.set_cookie(LANG_COOKIE, language, max_age=30 * 86400, samesite="lax", httponly=True)

    def _language(self, request: Request, snapshot_language: str | None) -> str:
        return pick_language(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE),
                             snapshot_language, request.headers.get("accept-language"),
                             self.default_language)

    def _render(self, request: Request, name: str, language: str, context: dict,
                status: int) -> Response:
        context |= {"t": translator(language), "lang": language, "html_lang": html_lang(language),
                    "languages": [(code, strings(code)["lang_name"]) for code in LANGUAGES],
                    "store_name": self.store_name, "path": request.url.path}
        response = self.templates.TemplateResponse(request, name, context, status_code=status)
        if request.query_params.get("lang") in LANGUAGES:
            self.remember_language(response, language)
        return response
