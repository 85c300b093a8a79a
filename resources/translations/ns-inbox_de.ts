<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>QObject</name>
    <message>
        <source>NS Inbox</source>
        <translation>NS Inbox</translation>
    </message>
    <message>
        <source>The demo broker could not start: %1</source>
        <translation>Der Demo-Broker konnte nicht starten: %1</translation>
    </message>
    <message>
        <source>The inbox database could not be opened:
%1</source>
        <translation>Die Datenbank des Posteingangs konnte nicht geöffnet werden:
%1</translation>
    </message>
    <message>
        <source>demo</source>
        <translation>Demo</translation>
    </message>
</context>
<context>
    <name>ns::AutostartAction</name>
    <message>
        <source>Start at &amp;Login, Minimized to Tray</source>
        <translation>Bei der &amp;Anmeldung im Systembereich starten</translation>
    </message>
    <message>
        <source>Start NS Inbox in the system tray when you log in</source>
        <translation>NS Inbox bei der Anmeldung im Systembereich starten</translation>
    </message>
    <message>
        <source>Could not change the login start: %1</source>
        <translation>Der Start bei der Anmeldung konnte nicht geändert werden: %1</translation>
    </message>
</context>
<context>
    <name>ns::ConnectionState</name>
    <message>
        <source>stopped</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>Verbindung wird hergestellt</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>broker unreachable</source>
        <translation>Broker nicht erreichbar</translation>
    </message>
    <message>
        <source>authentication failed</source>
        <translation>Anmeldung fehlgeschlagen</translation>
    </message>
    <message>
        <source>not authorized</source>
        <translation>nicht berechtigt</translation>
    </message>
    <message>
        <source>topic does not exist yet</source>
        <translation>Topic existiert noch nicht</translation>
    </message>
    <message>
        <source>storage error</source>
        <translation>Speicherfehler</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
</context>
<context>
    <name>ns::MainWindow</name>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>NS Inbox</source>
        <translation>NS Inbox</translation>
    </message>
    <message>
        <source>NS Inbox — %1</source>
        <translation>NS Inbox — %1</translation>
    </message>
    <message>
        <source>(%1) %2</source>
        <translation>(%1) %2</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Copy &amp;Diagnostics</source>
        <translation>&amp;Diagnosedaten kopieren</translation>
    </message>
    <message>
        <source>Copy versions, settings (without passwords) and recent problems, for a bug report</source>
        <translation>Versionen, Einstellungen (ohne Passwörter) und die letzten Probleme für einen Fehlerbericht kopieren</translation>
    </message>
    <message>
        <source>&amp;About NS Inbox</source>
        <translation>Ü&amp;ber NS Inbox</translation>
    </message>
    <message>
        <source>Diagnostics copied to the clipboard.</source>
        <translation>Die Diagnosedaten wurden in die Zwischenablage kopiert.</translation>
    </message>
    <message>
        <source>About NS Inbox</source>
        <translation>Über NS Inbox</translation>
    </message>
    <message>
        <source>&lt;h3&gt;NS Inbox %1&lt;/h3&gt;&lt;p&gt;A desktop inbox for the messages the notification service sends over Apache Kafka.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;NS Inbox %1&lt;/h3&gt;&lt;p&gt;Ein Desktop-Posteingang für die Nachrichten, die der Benachrichtigungsdienst über Apache Kafka sendet.&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %2.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>ns::MessageListModel</name>
    <message>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
</context>
<context>
    <name>ns::MessageView</name>
    <message>
        <source>Open link</source>
        <translation>Link öffnen</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <source>Sender and date</source>
        <translation>Absender und Datum</translation>
    </message>
    <message>
        <source>Message body</source>
        <translation>Nachrichtentext</translation>
    </message>
    <message>
        <source>Open the reference link</source>
        <translation>Den Verweis öffnen</translation>
    </message>
    <message>
        <source>From %1 — %2</source>
        <translation>Von %1 — %2</translation>
    </message>
    <message>
        <source>No message selected</source>
        <translation>Keine Nachricht ausgewählt</translation>
    </message>
    <message>
        <source>Refused to open &quot;%1&quot;: only http and https links with a host are opened.</source>
        <translation>„%1“ wurde nicht geöffnet: Nur http- und https-Links mit einem Host werden geöffnet.</translation>
    </message>
</context>
<context>
    <name>ns::SingleInstance</name>
    <message>
        <source>cannot write the lock file %1</source>
        <translation>Die Sperrdatei %1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>NS Inbox already runs on this profile (process %1) but did not answer.</source>
        <translation>NS Inbox läuft bereits mit diesem Profil (Prozess %1), hat aber nicht geantwortet.</translation>
    </message>
    <message>
        <source>NS Inbox already runs on this profile (process %1) but cannot be reached: %2</source>
        <translation>NS Inbox läuft bereits mit diesem Profil (Prozess %1), ist aber nicht erreichbar: %2</translation>
    </message>
</context>
<context>
    <name>ns::TrayIcon</name>
    <message>
        <source>&amp;Show NS Inbox</source>
        <translation>NS Inbox &amp;anzeigen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
</context>
</TS>
