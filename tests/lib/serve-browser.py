#!/usr/bin/python3
"""serve-browser.py - the web page of `sitesync serve` in a real browser.

    serve-browser.py URL TOKEN SCREENSHOT PROFILE-DIR

Headless Chromium through chromedriver (python3-selenium): the page asks
for the token; with it, site shop shows its Database tab; the source and
target selects offer only downward directions (never upward, never into
production); prod -> dev is confirmed in the dialog that names dev and
says it will be overwritten; the job is followed live until it completes
and it shows in the history table; the token survives a reload (it is in
sessionStorage).  A screenshot is saved at SCREENSHOT, also on failure.
Prints "ok: ..." lines; exits 1 at the first check that fails.
"""
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

url, token, shot, profile = sys.argv[1:5]
WAIT = 180

opts = webdriver.ChromeOptions()
opts.binary_location = "/usr/bin/chromium"
for a in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + profile):
    opts.add_argument(a)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)


def fail(msg):
    print("not ok: " + msg)
    try:
        driver.save_screenshot(shot)
    finally:
        driver.quit()
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)
    print("ok: " + msg)


def wait(pred, what):
    try:
        WebDriverWait(driver, WAIT, poll_frequency=0.2).until(lambda d: pred())
    except Exception:
        fail("timed out waiting for " + what)


def el(i):
    return driver.find_element(By.ID, i)


def options(select_id):
    return [o.get_attribute("value") for o in Select(el(select_id)).options]


try:
    driver.get(url)
    wait(lambda: el("login").is_displayed(), "the token form")
    check(not el("app").is_displayed(), "without a token the page asks for one")
    el("token").send_keys(token)
    el("login-button").click()
    wait(lambda: driver.find_elements(By.CSS_SELECTOR, "#sites button[data-site=shop]"), "site shop")
    driver.find_element(By.CSS_SELECTOR, "#sites button[data-site=shop]").click()
    wait(lambda: el("site-name").text == "shop", "site shop shown")
    check(el("tab-database").get_attribute("aria-selected") == "true", "the Database tab is open")

    sources = options("from")
    check("prod" in sources and "dev" in sources, "sources offered: %s" % sources)
    Select(el("from")).select_by_value("dev")
    check(options("to") == ["loc"], "from dev only loc is offered (not stage, not prod): %s" % options("to"))
    Select(el("from")).select_by_value("stage")
    check("prod" not in options("to"), "production is never offered as a target")
    Select(el("from")).select_by_value("prod")
    targets = options("to")
    check(sorted(targets) == ["dev", "loc", "stage"], "from prod: %s" % targets)
    Select(el("to")).select_by_value("dev")

    el("sync").click()
    wait(lambda: el("confirm").is_displayed(), "the confirmation")
    text = el("confirm").text
    check("dev" in text and "overwritten" in text, "the confirmation names dev and says it will be overwritten")
    el("confirm-yes").click()

    wait(lambda: not el("job").get_attribute("hidden") and el("job-state").text.lower() in
         ("completed", "failed", "cancelled"), "the job to end")
    check(el("job-state").text.lower() == "completed", "the job completed (%s)" % el("job-error").text)
    check("prod → dev" in el("job-what").text, "the job followed is prod → dev")

    def in_history():
        for row in driver.find_elements(By.CSS_SELECTOR, "#history tbody tr"):
            cells = [c.text for c in row.find_elements(By.TAG_NAME, "td")]
            if len(cells) >= 4 and cells[2] == "prod → dev" and cells[3].lower() == "completed":
                return cells
        return None
    wait(in_history, "the job in the history table")
    cells = in_history()
    check(cells[1] == "database" and cells[4] != "" and cells[5] != "" and cells[6] != "",
          "history row: kind, size, duration and when: %s" % cells)
    driver.save_screenshot(shot)
    print("ok: screenshot " + shot)

    driver.refresh()
    wait(lambda: el("app").is_displayed(), "the page after a reload")
    check(not el("login").is_displayed(), "the token is kept in sessionStorage across a reload")
    check(driver.execute_script("return sessionStorage.getItem('sitesync.token')") == token,
          "sessionStorage holds the token")
    check(driver.execute_script("return localStorage.length") == 0, "nothing in localStorage")
finally:
    try:
        driver.quit()
    except Exception:
        pass
