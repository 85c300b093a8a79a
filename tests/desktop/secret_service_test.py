#!/usr/bin/python3
"""The Secret Service for real: gnome-keyring-daemon on a private session bus, its login keyring
created in this test's own HOME and unlocked with a test password, and the real ns-inbox (under Xvfb
with openbox, where its password prompt is typed into like a user would) configured for SASL.

Shows, with dbus-monitor proving which backend QtKeychain used (calls to org.freedesktop.secrets):
  1. nothing stored: the app asks, says why, and stores what was typed (Remember) through QtKeychain;
     secret-tool finds it in the keyring;
  2. a restart (a second process) reads it from the keyring and does not ask;
  3. the password's bytes appear in no file under HOME: the settings, the SQLite inbox, the log, the
     keyring file itself (encrypted);
  4. the keyring locked: the app asks once in the session and says why;
  5. the keyring daemon absent: the app asks once and says there is no keychain.
The broker address is a closed local port: the password is what is tested, not a connection.

    secret_service_test.py NS_INBOX
"""

import os
import re
import socket
import subprocess
import sys
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from desktop_session import fail, ns_inbox_log, require, run_main, wait_for  # noqa: E402

KEYRING_PASSWORD = "keyring-unlock-pw"
SASL_PASSWORD = "Sasl-Secret-%s" % uuid.uuid4().hex[:12]
SERVICE = "org.freedesktop.secrets"


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class App:
    """One run of ns-inbox with the test's SASL profile."""

    def __init__(self, session, ns_inbox, user, port, name):
        self.session = session
        self.log_start = len(ns_inbox_log(session))
        self.proc = session.start(name, [ns_inbox, "--bootstrap", "127.0.0.1:%d" % port, "--user", user,
                                         "--security-protocol", "SASL_PLAINTEXT", "--sasl-mechanism", "PLAIN",
                                         "--sasl-username", "alice"],
                                  env=dict(session.env, QT_QPA_PLATFORM="xcb"))

    def log(self):
        return ns_inbox_log(self.session)[self.log_start:]

    def wait_log(self, pattern, what, timeout=60):
        return wait_for(lambda: re.search(pattern, self.log()) or self.exited(), timeout, what)

    def exited(self):
        if self.proc.poll() is not None:
            fail("ns-inbox exited (%d) early; its log:\n%s" % (self.proc.returncode, self.log()))
        return None

    def prompt(self):
        return self.session.visible_windows("--name", "Password")

    def answer_prompt(self):
        window = wait_for(self.prompt, 30, "the password prompt")[0]
        self.session.run(["xdotool", "windowactivate", "--sync", str(window)], check=False)
        self.session.run(["xdotool", "type", "--delay", "20", SASL_PASSWORD])
        self.session.run(["xdotool", "key", "Return"])
        wait_for(lambda: not self.prompt(), 30, "the prompt to close")

    def quit(self):
        window = wait_for(lambda: self.session.visible_windows("--name", "NS Inbox"), 30, "the window")[0]
        self.session.run(["xdotool", "windowactivate", "--sync", str(window)], check=False)
        self.session.run(["xdotool", "key", "ctrl+q"])
        try:
            status = self.proc.wait(30)
        except subprocess.TimeoutExpired:
            fail("ns-inbox did not quit on Ctrl+Q")
        if status != 0:
            fail("ns-inbox exited with %d" % status)

    def asks(self):
        return re.findall(r"asking for the SASL password: (.*)", self.log())


def secret_tool_lookup(session, port):
    # QtKeychain's libsecret schema: server = the service (the app), user = the key (ProfileSettings::secretKey).
    r = session.run(["secret-tool", "lookup", "server", "ns-inbox", "user", "sasl:alice@127.0.0.1:%d" % port],
                    check=False, timeout=20)
    return r.stdout if r.returncode == 0 else None


def main(session):
    ns_inbox = sys.argv[1]
    require("Xvfb", "dbus-daemon", "dbus-monitor", "dbus-send", "gdbus", "gnome-keyring-daemon", "secret-tool",
            "openbox", "xdotool", "xprop", "import")
    shots = os.environ.get("NS_TEST_SCREENSHOT_DIR", session.root)
    user = str(uuid.uuid4())
    port = closed_port()

    session.start_xvfb()
    session.start_bus()
    session.start_monitor("secrets-monitor", "destination=%s" % SERVICE, "destination=org.kde.kwalletd5",
                          "destination=org.kde.kwalletd6")
    # The login keyring is created (with this password) in the test's XDG_DATA_HOME and unlocked.
    keyring = session.start("gnome-keyring", ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
                            stdin=subprocess.PIPE)
    keyring.stdin.write(KEYRING_PASSWORD.encode())
    keyring.stdin.close()
    session.wait_for_name(SERVICE)
    session.start_window_manager()

    # 1. Nothing stored yet: asked, and stored through QtKeychain.
    app = App(session, ns_inbox, user, port, "ns-inbox-1")
    app.wait_log(r"asking for the SASL password", "the app to ask for the password")
    if not re.search(r"No password is stored in the system keychain", app.log()):
        fail("the first start asks without saying that nothing is stored: %r" % app.asks())
    session.screenshot(os.path.join(shots, "secret-prompt-first.png"))
    app.answer_prompt()
    app.wait_log(r"SASL password: password for this session only", "the typed password to be used")
    stored = wait_for(lambda: secret_tool_lookup(session, port), 30, "secret-tool to find the password in the keyring")
    if stored != SASL_PASSWORD:
        fail("the keyring holds %r, not the typed password" % stored)
    app.quit()
    # Which backend: calls on the Secret Service's interfaces (libsecret), none to KWallet.
    monitor = session.log("secrets-monitor")
    calls = set(re.findall(r"^method call .*interface=org\.freedesktop\.Secret\.\w+; member=(\w+)", monitor, re.M))
    kwallet = re.findall(r"destination=org\.kde\.kwalletd\d", monitor)
    if not {"OpenSession", "CreateItem"} <= calls or kwallet:
        fail("the monitor saw Secret Service calls %r and %d KWallet calls: QtKeychain did not store through the "
             "Secret Service" % (sorted(calls), len(kwallet)))
    algorithm = re.search(r'member=OpenSession\n\s+string "([^"]*)"', monitor)
    print("1. asked once, stored through QtKeychain; Secret Service calls seen: %s; KWallet calls: none; "
          "session algorithm %s" % (", ".join(sorted(calls)), algorithm.group(1) if algorithm else "?"))

    # 2. A second process reads it back, without asking.
    app = App(session, ns_inbox, user, port, "ns-inbox-2")
    app.wait_log(r"SASL password: password from the system keychain", "the restarted app to read the keychain")
    if app.asks():
        fail("the restarted app asked although the keychain holds the password: %r" % app.asks())
    app.quit()
    print("2. a second process read it from the keyring, no prompt")

    # 3. The password appears in no file under HOME (settings, inbox database, log, the keyring file).
    written = []
    for folder, _, files in os.walk(session.home):
        for name in files:
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                data = f.read()
            written.append(os.path.relpath(path, session.home))
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                if SASL_PASSWORD.encode(encoding) in data:
                    fail("the password is in %s (%s)" % (path, encoding))
    expected = [r"\.sqlite$", r"ns-inbox\.log$", r"keyrings/login\.keyring$"]
    for pattern in expected:
        if not any(re.search(pattern, f) for f in written):
            fail("no file matching %s was written, so nothing was checked there (files: %r)" % (pattern, written))
    print("3. not in any of the %d files under HOME: %s" % (len(written), ", ".join(sorted(written))))

    # 4. The keyring locked: asked once in the session, saying why.
    session.run(["gdbus", "call", "--session", "--dest", SERVICE, "--object-path", "/org/freedesktop/secrets",
                 "--method", "org.freedesktop.Secret.Service.Lock", "[objectpath '/org/freedesktop/secrets/collection/login']"])
    app = App(session, ns_inbox, user, port, "ns-inbox-3")
    app.wait_log(r"asking for the SASL password", "the app to ask while the keyring is locked")
    session.screenshot(os.path.join(shots, "secret-prompt-locked.png"))
    app.answer_prompt()
    app.wait_log(r"SASL password: password for this session only", "the typed password to be used")
    # The ingest retries the (closed) broker meanwhile; nothing asks again in this session.
    app.wait_log(r"(?s)state: (connecting|failed|disconnected).*state: ", "the ingest to retry", timeout=60)
    asks = app.asks()
    if len(asks) != 1 or "the keyring is locked" not in asks[0]:
        fail("with the keyring locked the app asked %d time(s), saying %r; expected once, saying why" % (len(asks), asks))
    app.quit()
    print("4. keyring locked: asked once: %s" % asks[0])

    # 5. No keyring daemon at all.
    session.stop(keyring)
    wait_for(lambda: not session.name_owner(SERVICE), 15, "the keyring to leave the bus")
    app = App(session, ns_inbox, user, port, "ns-inbox-4")
    app.wait_log(r"asking for the SASL password", "the app to ask without a keyring")
    asks = app.asks()
    if len(asks) != 1 or "No system keychain is available" not in asks[0]:
        fail("without a keyring the app asked %d time(s), saying %r" % (len(asks), asks))
    app.answer_prompt()
    app.quit()
    print("5. no keyring: asked once: %s" % asks[0])


if __name__ == "__main__":
    sys.exit(run_main(main))
