"""End-to-end, issue "every user's language and habits": the real app with a saved Russian, dark
choice opens in Russian and dark — sign-in, the demo fleet, a trip on the map — and in Arabic it
mirrors (dir=rtl, the object list on the right). Screenshots in target/e2e-shots, looked at."""

import json
import os

from selenium.webdriver.support.ui import WebDriverWait

from test_app import App, open_van_trip, profile  # noqa: F401 (profile is a fixture)


def saved(profile, settings):
    folder = os.path.join(profile, "xdg_config_home", "app.trackmate")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "settings.json"), "w") as f:
        json.dump(settings, f)


def background(app):
    """The page's background colour as [r, g, b]."""
    return app.d.execute_script(
        "const c = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number);"
        "return c.slice(0, 3);"
    )


def test_russian_and_dark_as_saved(profile):
    saved(profile, {"language": "ru", "theme": "dark"})
    app = App(profile)
    try:
        demo = app.find("demo")
        WebDriverWait(app.d, 30).until(lambda d: "демо" in demo.text.lower())
        assert app.d.execute_script("return document.documentElement.dataset.theme") == "dark"
        assert max(background(app)) < 80, f"a dark page, not {background(app)}"
        app.shot("habits-ru-dark-signin.png")
        open_van_trip(app)
        summary = app.find("track-summary", timeout=60)
        WebDriverWait(app.d, 30).until(lambda d: "км" in summary.text)
        assert app.find("object-search").get_attribute("placeholder").startswith("Поиск")
        app.shot("habits-ru-dark-track.png")
    finally:
        app.quit()


def test_arabic_is_right_to_left(profile):
    saved(profile, {"language": "ar"})
    app = App(profile)
    try:
        app.find("demo")
        assert app.d.execute_script("return document.documentElement.dir") == "rtl"
        open_van_trip(app)
        left = app.d.execute_script(
            "const r = s => document.querySelector(s).getBoundingClientRect();"
            "return [r('[data-testid=\"object-search\"]').left, r('[data-testid=\"map\"]').right];"
        )
        assert left[0] >= left[1] - 1, f"the object list right of the map: {left}"
        app.shot("habits-ar-track.png")
    finally:
        app.quit()
