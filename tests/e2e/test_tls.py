"""End-to-end: the real app against trackmate-sim serving real TLS with a certificate its own
generated test CA signed. Without the CA the sign-in form shows the precise reason naming the
host; with the CA kept for that server in the settings file (what "Company CA certificate" on the
form does after its dialog, which WebDriver cannot answer), the same sign-in lists the fleet.
Run by tests/e2e/run.sh."""

import json
import os
import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from test_app import SIM, App, free_port, profile, sign_in, wait_port  # noqa: F401 (fixture)


def start_tls_sim(folder):
    port = free_port()
    ca = os.path.join(folder, "company-ca.pem")
    proc = subprocess.Popen(
        [SIM, "--port", str(port), "--tls", "valid", "--ca-out", ca],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    wait_port(port)
    return proc, f"https://127.0.0.1:{port}/v2", ca


def test_a_company_ca_server_fails_precisely_then_works_with_its_ca(profile):
    proc, url, ca = start_tls_sim(profile)
    try:
        app = App(profile)
        try:
            sign_in(app, url, "demo@trackmate.app", "demo", remember=False)
            err = app.find("signin-error", timeout=60)
            WebDriverWait(app.d, 30).until(lambda d: err.text.strip() != "")
            assert "127.0.0.1" in err.text, err.text
            assert "not signed by an authority this computer trusts" in err.text, err.text
            app.shot("signin-tls-unknown-authority.png")
        finally:
            app.quit()

        # Keep the CA for this server as the picker does, then sign in again.
        settings_dir = os.path.join(profile, "xdg_config_home", "app.trackmate")
        os.makedirs(settings_dir, exist_ok=True)
        with open(ca) as f:
            pem = f.read()
        with open(os.path.join(settings_dir, "settings.json"), "w") as f:
            json.dump({"companyCas": {url: {"fileName": "company-ca.pem", "pem": pem}}}, f)
        app = App(profile)
        try:
            sign_in(app, url, "demo@trackmate.app", "demo", remember=False)
            rows = WebDriverWait(app.d, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="object-row"]'))
            assert len(rows) >= 12
        finally:
            app.quit()
    finally:
        proc.terminate()
        proc.wait(10)
