"""Norwegian first: bokmål unless the user chose another language on the site."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class NorwegianFirstLocaleMiddleware:
    """Activate the language the user chose (the language cookie), else LANGUAGE_CODE.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so most
    browsers would get English; Helsedocs is a Norwegian tool, and English is a choice.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        translation.deactivate()
        return response


class SearchVocabularyMiddleware:
    """Each request analyses with the lexicon the search index was last written with.

    An import in another process (the ingest worker) may have changed it since this
    thread's last request; one small query tells (documents.search.vocabulary).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from documents.search import vocabulary

        vocabulary.activate()
        return self.get_response(request)
