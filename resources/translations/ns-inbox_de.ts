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
    <message>
        <source>Not connected: no password. Use File &gt; Settings… to enter it.</source>
        <translation>Nicht verbunden: kein Passwort. Geben Sie es unter Datei &gt; Einstellungen… ein.</translation>
    </message>
</context>
<context>
    <name>SnoozeTimes</name>
    <message>
        <source>tomorrow %1</source>
        <translation>morgen %1</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Choose a date and a time.</source>
        <translation>Wählen Sie ein Datum und eine Uhrzeit.</translation>
    </message>
    <message>
        <source>That time has passed: choose a time in the future.</source>
        <translation>Dieser Zeitpunkt ist vorbei: Wählen Sie einen Zeitpunkt in der Zukunft.</translation>
    </message>
</context>
<context>
    <name>ns::ArrivalNotifier</name>
    <message>
        <source>New message from %1</source>
        <translation>Neue Nachricht von %1</translation>
    </message>
    <message numerus="yes">
        <source>%n new messages</source>
        <translation>
            <numerusform>%n neue Nachricht</numerusform>
            <numerusform>%n neue Nachrichten</numerusform>
        </translation>
    </message>
    <message>
        <source>Latest: %1 (from %2)</source>
        <translation>Neueste: %1 (von %2)</translation>
    </message>
    <message>
        <source>%1 messages arrived while NS Inbox was away.</source>
        <translation>%1 Nachrichten sind eingetroffen, während NS Inbox nicht lief.</translation>
    </message>
    <message>
        <source>Snoozed message back: %1</source>
        <translation>Zurückgestellte Nachricht ist zurück: %1</translation>
    </message>
    <message>
        <source>From %1</source>
        <translation>Von %1</translation>
    </message>
    <message numerus="yes">
        <source>%n snoozed messages back</source>
        <translation>
            <numerusform>%n zurückgestellte Nachricht ist zurück</numerusform>
            <numerusform>%n zurückgestellte Nachrichten sind zurück</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ns::AutostartAction</name>
    <message>
        <source>Start at &amp;Login, Minimized to Tray</source>
        <translation>Bei der A&amp;nmeldung im Systembereich starten</translation>
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
    <name>ns::CatchUpIndicator</name>
    <message>
        <source>Catching up</source>
        <translation>Aufholen</translation>
    </message>
    <message>
        <source>a few seconds left</source>
        <translation>noch wenige Sekunden</translation>
    </message>
    <message>
        <source>about %1 s left</source>
        <translation>noch etwa %1 s</translation>
    </message>
    <message>
        <source>about %1 min left</source>
        <translation>noch etwa %1 min</translation>
    </message>
    <message>
        <source>about %1 h left</source>
        <translation>noch etwa %1 h</translation>
    </message>
    <message>
        <source>Catching up: %1 of %2</source>
        <translation>Aufholen: %1 von %2</translation>
    </message>
    <message>
        <source>Messages that were waiting on the server are being stored, newest first.</source>
        <translation>Nachrichten, die auf dem Server gewartet haben, werden gespeichert, die neuesten zuerst.</translation>
    </message>
    <message>
        <source>Caught up</source>
        <translation>Auf dem neuesten Stand</translation>
    </message>
</context>
<context>
    <name>ns::ComposeActions</name>
    <message>
        <source>Ne&amp;w Message…</source>
        <translation>N&amp;eue Nachricht…</translation>
    </message>
    <message>
        <source>Write a message to one or many users</source>
        <translation>Eine Nachricht an einen oder mehrere Benutzer schreiben</translation>
    </message>
    <message>
        <source>What you sent, to whom, and whether it was delivered</source>
        <translation>Was Sie gesendet haben, an wen und ob es zugestellt wurde</translation>
    </message>
    <message>
        <source>Message not sent</source>
        <translation>Nachricht nicht gesendet</translation>
    </message>
    <message>
        <source>The message could not be saved for sending:
%1</source>
        <translation>Die Nachricht konnte nicht zum Senden gespeichert werden:
%1</translation>
    </message>
    <message>
        <source>&amp;Message</source>
        <translation>&amp;Nachricht</translation>
    </message>
    <message numerus="yes">
        <source>Message queued for %n recipient(s)</source>
        <translation>
            <numerusform>Nachricht für %n Empfänger in den Postausgang gelegt</numerusform>
            <numerusform>Nachricht für %n Empfänger in den Postausgang gelegt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n recipient(s) could not be sent to; see Sent Messages</source>
        <translation>
            <numerusform>An %n Empfänger konnte nicht gesendet werden; siehe Gesendete Nachrichten</numerusform>
            <numerusform>An %n Empfänger konnte nicht gesendet werden; siehe Gesendete Nachrichten</numerusform>
        </translation>
    </message>
    <message>
        <source>Sending resumed.</source>
        <translation>Der Versand läuft wieder.</translation>
    </message>
    <message>
        <source>Sending is held up: %1.</source>
        <translation>Der Versand stockt: %1.</translation>
    </message>
    <message>
        <source>Sending is held up: %1 (%2).</source>
        <translation>Der Versand stockt: %1 (%2).</translation>
    </message>
    <message>
        <source>Sen&amp;t Messages…</source>
        <translation>Gesende&amp;te Nachrichten…</translation>
    </message>
    <message>
        <source>Import Address &amp;Book…</source>
        <translation>Adress&amp;buch importieren…</translation>
    </message>
    <message>
        <source>Read people (uuid,name,email,department,groups) from a CSV file</source>
        <translation>Personen (uuid,name,email,department,groups) aus einer CSV-Datei lesen</translation>
    </message>
    <message>
        <source>Import Address Book</source>
        <translation>Adressbuch importieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV-Dateien (*.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Address book</source>
        <translation>Adressbuch</translation>
    </message>
    <message>
        <source>Nothing was imported: %1</source>
        <translation>Nichts wurde importiert: %1</translation>
    </message>
    <message>
        <source>Address book: %1 added, %2 updated, %3 unchanged</source>
        <translation>Adressbuch: %1 hinzugefügt, %2 aktualisiert, %3 unverändert</translation>
    </message>
    <message>
        <source>Template saved</source>
        <translation>Vorlage gespeichert</translation>
    </message>
    <message>
        <source>The template was not saved: %1</source>
        <translation>Die Vorlage wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>The scheduled message was not changed: %1</source>
        <translation>Die geplante Nachricht wurde nicht geändert: %1</translation>
    </message>
    <message numerus="yes">
        <source>Message scheduled for %n recipient(s), each with their own name filled in</source>
        <translation>
            <numerusform>Nachricht für %n Empfänger geplant, mit eingesetztem Namen</numerusform>
            <numerusform>Nachricht für %n Empfänger geplant, jeweils mit eigenem Namen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Message queued for %n recipient(s), each with their own name filled in</source>
        <translation>
            <numerusform>Nachricht für %n Empfänger eingereiht, mit eingesetztem Namen</numerusform>
            <numerusform>Nachricht für %n Empfänger eingereiht, jeweils mit eigenem Namen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>… und %1 weitere</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) cannot be imported:</source>
        <translation>
            <numerusform>%n Zeile kann nicht importiert werden:</numerusform>
            <numerusform>%n Zeilen können nicht importiert werden:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Import the %n good row(s) and leave these out?</source>
        <translation>
            <numerusform>Die %n gute Zeile importieren und diese auslassen?</numerusform>
            <numerusform>Die %n guten Zeilen importieren und diese auslassen?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) sent to the address book</source>
        <translation>
            <numerusform>%n Zeile an das Adressbuch übergeben</numerusform>
            <numerusform>%n Zeilen an das Adressbuch übergeben</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sent again to %n recipient(s)</source>
        <translation>
            <numerusform>Erneut an %n Empfänger gesendet</numerusform>
            <numerusform>Erneut an %n Empfänger gesendet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Message scheduled for %n recipient(s) at %1</source>
        <translation>
            <numerusform>Nachricht für %n Empfänger geplant: %1</numerusform>
            <numerusform>Nachricht für %n Empfänger geplant: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Edit Scheduled Message</source>
        <translation>Geplante Nachricht ändern</translation>
    </message>
    <message>
        <source>Scheduled message replaced; sending it now</source>
        <translation>Geplante Nachricht ersetzt; sie wird jetzt gesendet</translation>
    </message>
    <message>
        <source>Scheduled message changed: %1</source>
        <translation>Geplante Nachricht geändert: %1</translation>
    </message>
</context>
<context>
    <name>ns::ComposeDialog</name>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>New Message</source>
        <translation>Neue Nachricht</translation>
    </message>
    <message>
        <source>User UUIDs, separated by commas, spaces or new lines</source>
        <translation>Benutzer-UUIDs, getrennt durch Kommas, Leerzeichen oder Zeilenumbrüche</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Erforderlich</translation>
    </message>
    <message>
        <source>Optional: https://…</source>
        <translation>Optional: https://…</translation>
    </message>
    <message>
        <source>Sent as is_active; the web service may show inactive messages differently.</source>
        <translation>Wird als is_active gesendet; der Webdienst zeigt inaktive Nachrichten womöglich anders an.</translation>
    </message>
    <message>
        <source>The message as sent, in JSON</source>
        <translation>Die Nachricht, wie sie gesendet wird, als JSON</translation>
    </message>
    <message>
        <source>Recipients</source>
        <translation>Empfänger</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <source>Message text</source>
        <translation>Nachrichtentext</translation>
    </message>
    <message>
        <source>Reference link</source>
        <translation>Link</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;An:</translation>
    </message>
    <message>
        <source>&amp;Link:</source>
        <translation>&amp;Link:</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>As sent</source>
        <translation>Wie gesendet</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message numerus="yes">
        <source>%n recipient(s)</source>
        <translation>
            <numerusform>%n Empfänger</numerusform>
            <numerusform>%n Empfänger</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n duplicate(s) removed)</source>
        <translation>
            <numerusform>(%n Duplikat entfernt)</numerusform>
            <numerusform>(%n Duplikate entfernt)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1/%2</source>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source>Send l&amp;ater:</source>
        <translation>S&amp;päter senden:</translation>
    </message>
    <message>
        <source>Save as Templat&amp;e…</source>
        <translation>Als Vorlage speic&amp;hern…</translation>
    </message>
    <message>
        <source>(no template)</source>
        <translation>(keine Vorlage)</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Vorlage</translation>
    </message>
    <message>
        <source>Start from a saved template; {name}, {email}, {department} and {uuid} are filled per recipient</source>
        <translation>Mit einer gespeicherten Vorlage beginnen; {name}, {email}, {department} und {uuid} werden je Empfänger eingesetzt</translation>
    </message>
    <message>
        <source>Te&amp;mplate:</source>
        <translation>&amp;Vorlage:</translation>
    </message>
    <message>
        <source>S&amp;ubject:</source>
        <translation>Be&amp;treff:</translation>
    </message>
    <message>
        <source>Te&amp;xt:</source>
        <translation>Te&amp;xt:</translation>
    </message>
    <message>
        <source>Send at</source>
        <translation>Senden am</translation>
    </message>
    <message>
        <source>The message waits in the outbox until then; Sent Messages lists it, to cancel or edit.</source>
        <translation>Die Nachricht wartet bis dahin im Postausgang; „Gesendete Nachrichten“ zeigt sie zum Abbrechen oder Ändern.</translation>
    </message>
    <message>
        <source>Save as Template</source>
        <translation>Als Vorlage speichern</translation>
    </message>
    <message>
        <source>Template name:</source>
        <translation>Name der Vorlage:</translation>
    </message>
    <message>
        <source>&amp;Schedule</source>
        <translation>&amp;Einplanen</translation>
    </message>
    <message>
        <source>Discard Message</source>
        <translation>Nachricht verwerfen</translation>
    </message>
    <message>
        <source>Discard this message?</source>
        <translation>Diese Nachricht verwerfen?</translation>
    </message>
    <message>
        <source>What you wrote will be lost.</source>
        <translation>Was Sie geschrieben haben, geht verloren.</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>&amp;Verwerfen</translation>
    </message>
    <message>
        <source>&amp;Keep Editing</source>
        <translation>&amp;Weiter bearbeiten</translation>
    </message>
    <message>
        <source>That time has passed.</source>
        <translation>Dieser Zeitpunkt ist vorbei.</translation>
    </message>
    <message numerus="yes">
        <source>(%n not in the address book)</source>
        <translation>
            <numerusform>(%n nicht im Adressbuch)</numerusform>
            <numerusform>(%n nicht im Adressbuch)</numerusform>
        </translation>
    </message>
    <message>
        <source>a recipient</source>
        <translation>einen Empfänger</translation>
    </message>
    <message>
        <source>valid recipients</source>
        <translation>gültige Empfänger</translation>
    </message>
    <message>
        <source>a subject</source>
        <translation>einen Betreff</translation>
    </message>
    <message>
        <source>a shorter subject</source>
        <translation>einen kürzeren Betreff</translation>
    </message>
    <message>
        <source>a text</source>
        <translation>einen Text</translation>
    </message>
    <message>
        <source>a shorter message</source>
        <translation>eine kürzere Nachricht</translation>
    </message>
    <message>
        <source>a valid link (or none)</source>
        <translation>einen gültigen Link (oder keinen)</translation>
    </message>
    <message>
        <source>a value for every placeholder</source>
        <translation>einen Wert für jeden Platzhalter</translation>
    </message>
    <message>
        <source>Send needs %1.</source>
        <translation>Zum Senden braucht es noch %1.</translation>
    </message>
</context>
<context>
    <name>ns::ConnectionIndicator</name>
    <message>
        <source>Connection state</source>
        <translation>Verbindungsstatus</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbindung wird hergestellt…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>Broker unreachable</source>
        <translation>Broker nicht erreichbar</translation>
    </message>
    <message>
        <source>Broker not responding</source>
        <translation>Broker antwortet nicht</translation>
    </message>
    <message>
        <source>Broker not responding (no answer for %1 s)</source>
        <translation>Broker antwortet nicht (seit %1 s keine Antwort)</translation>
    </message>
    <message>
        <source>Sign-in failed</source>
        <translation>Anmeldung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Secure connection failed</source>
        <translation>Sichere Verbindung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Not authorized</source>
        <translation>Nicht berechtigt</translation>
    </message>
    <message>
        <source>Waiting for the first message</source>
        <translation>Warten auf die erste Nachricht</translation>
    </message>
    <message>
        <source>Storage error</source>
        <translation>Speicherfehler</translation>
    </message>
    <message>
        <source>Connection: %1</source>
        <translation>Verbindung: %1</translation>
    </message>
    <message>
        <source>NS Inbox is not connected to the server.</source>
        <translation>NS Inbox ist nicht mit dem Server verbunden.</translation>
    </message>
    <message>
        <source>Connecting to the server…</source>
        <translation>Verbindung zum Server wird hergestellt…</translation>
    </message>
    <message>
        <source>Connected to the server: new messages arrive as they are sent.</source>
        <translation>Mit dem Server verbunden: Neue Nachrichten kommen an, sobald sie gesendet werden.</translation>
    </message>
    <message>
        <source>The server cannot be reached: nothing answered at its address. NS Inbox keeps trying.
Check your network, and the server address in File &gt; Settings (Test connection tries it step by step).</source>
        <translation>Der Server ist nicht erreichbar: Unter seiner Adresse hat nichts geantwortet. NS Inbox versucht es weiter.
Prüfen Sie Ihr Netzwerk und die Serveradresse unter Datei &gt; Einstellungen („Verbindung testen“ prüft sie Schritt für Schritt).</translation>
    </message>
    <message>
        <source>The server stopped answering. NS Inbox keeps waiting and goes on when it answers again.
If it stays silent, check your network, and the server in File &gt; Settings (Test connection).</source>
        <translation>Der Server antwortet nicht mehr. NS Inbox wartet und macht weiter, sobald er wieder antwortet.
Bleibt er still, prüfen Sie Ihr Netzwerk und den Server unter Datei &gt; Einstellungen („Verbindung testen“).</translation>
    </message>
    <message>
        <source>The server refused the user name or password.
Correct them in File &gt; Settings; Test connection checks them.</source>
        <translation>Der Server hat Benutzername oder Passwort abgelehnt.
Korrigieren Sie sie unter Datei &gt; Einstellungen; „Verbindung testen“ prüft sie.</translation>
    </message>
    <message>
        <source>The secure connection to the server could not be set up.
Check the security and certificate settings in File &gt; Settings; Test connection checks them.</source>
        <translation>Die sichere Verbindung zum Server konnte nicht aufgebaut werden.
Prüfen Sie die Sicherheits- und Zertifikatseinstellungen unter Datei &gt; Einstellungen; „Verbindung testen“ prüft sie.</translation>
    </message>
    <message>
        <source>The server refuses this user access to the messages.
Check the user in File &gt; Settings, or ask your administrator for access.</source>
        <translation>Der Server verweigert diesem Benutzer den Zugriff auf die Nachrichten.
Prüfen Sie den Benutzer unter Datei &gt; Einstellungen oder bitten Sie Ihre Administration um Zugriff.</translation>
    </message>
    <message>
        <source>Connected. Your messages appear when the first one is sent to you.</source>
        <translation>Verbunden. Ihre Nachrichten erscheinen, sobald Ihnen die erste gesendet wird.</translation>
    </message>
    <message>
        <source>Messages cannot be stored on this computer: the disk may be full or read-only.
The bar above the list says more.</source>
        <translation>Nachrichten können auf diesem Rechner nicht gespeichert werden: Der Datenträger ist vielleicht voll oder schreibgeschützt.
Die Leiste über der Liste sagt mehr.</translation>
    </message>
    <message>
        <source>%1
Detail: %2</source>
        <translation>%1
Detail: %2</translation>
    </message>
</context>
<context>
    <name>ns::ConnectionProbe</name>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>Not tried: an earlier step failed.</source>
        <translation>Nicht versucht: Ein früherer Schritt ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Cannot resolve %1. Check the server name and your network.</source>
        <translation>%1 kann nicht aufgelöst werden. Prüfen Sie den Servernamen und Ihr Netzwerk.</translation>
    </message>
    <message>
        <source>(not resolved: %1)</source>
        <translation>(nicht aufgelöst: %1)</translation>
    </message>
    <message>
        <source>Connected to %1 (%2).</source>
        <translation>Verbunden mit %1 (%2).</translation>
    </message>
    <message>
        <source>No server accepted a connection (%1). Check the port, and that no firewall is in the way.</source>
        <translation>Kein Server hat eine Verbindung angenommen (%1). Prüfen Sie den Port und dass keine Firewall im Weg ist.</translation>
    </message>
    <message>
        <source>Not used: %1 is not encrypted.</source>
        <translation>Nicht verwendet: %1 ist nicht verschlüsselt.</translation>
    </message>
    <message>
        <source>%1 holds no PEM certificate.</source>
        <translation>%1 enthält kein PEM-Zertifikat.</translation>
    </message>
    <message>
        <source>Certificate of %1 issued by %2 is trusted.</source>
        <translation>Das von %2 ausgestellte Zertifikat von %1 ist vertrauenswürdig.</translation>
    </message>
    <message>
        <source>No TLS answer from %1:%2 (%3). Is this port a TLS listener (security protocol %4)?</source>
        <translation>Keine TLS-Antwort von %1:%2 (%3). Nimmt dieser Port TLS-Verbindungen an (Sicherheitsprotokoll %4)?</translation>
    </message>
    <message>
        <source>The server&apos;s certificate (%1) was issued by “%2”.</source>
        <translation>Das Zertifikat des Servers (%1) wurde von „%2“ ausgestellt.</translation>
    </message>
    <message>
        <source>Choose the CA certificate file of your Kafka cluster.</source>
        <translation>Wählen Sie die CA-Zertifikatsdatei Ihres Kafka-Clusters.</translation>
    </message>
    <message>
        <source>Is %1 the CA certificate of this cluster?</source>
        <translation>Ist %1 das CA-Zertifikat dieses Clusters?</translation>
    </message>
    <message>
        <source>The Kafka client refused %1: %2</source>
        <translation>Der Kafka-Client hat %1 abgelehnt: %2</translation>
    </message>
    <message>
        <source>The Kafka client could not start: %1</source>
        <translation>Der Kafka-Client konnte nicht starten: %1</translation>
    </message>
    <message>
        <source>The Kafka client&apos;s TLS handshake succeeded (Qt has no TLS backend for details).</source>
        <translation>Der TLS-Handshake des Kafka-Clients war erfolgreich (Qt hat kein TLS-Backend für Einzelheiten).</translation>
    </message>
    <message>
        <source>Signed in as %1 (SASL %2).</source>
        <translation>Angemeldet als %1 (SASL %2).</translation>
    </message>
    <message>
        <source>Not used: %1 connects without signing in.</source>
        <translation>Nicht verwendet: %1 verbindet sich ohne Anmeldung.</translation>
    </message>
    <message>
        <source>The Kafka client&apos;s TLS handshake succeeded.</source>
        <translation>Der TLS-Handshake des Kafka-Clients war erfolgreich.</translation>
    </message>
    <message>
        <source>The broker refused the user name or password of %1 (%2).</source>
        <translation>Der Broker hat den Benutzernamen oder das Passwort von %1 abgelehnt (%2).</translation>
    </message>
    <message>
        <source>The server accepted the connection but did not complete the Kafka handshake (%1). Is %2 the security protocol of this port?</source>
        <translation>Der Server hat die Verbindung angenommen, aber den Kafka-Handshake nicht abgeschlossen (%1). Ist %2 das Sicherheitsprotokoll dieses Ports?</translation>
    </message>
    <message>
        <source>this client</source>
        <translation>dieser Client</translation>
    </message>
    <message>
        <source>Your topic %1 does not exist yet: the web service creates it with your first message, and NS Inbox waits for it.</source>
        <translation>Ihr Topic %1 existiert noch nicht: Der Webdienst legt es mit Ihrer ersten Nachricht an, und NS Inbox wartet darauf.</translation>
    </message>
    <message>
        <source>The broker does not let %1 see topic %2 (TOPIC_AUTHORIZATION_FAILED). Ask your Kafka administrators for READ access to it, or check the user UUID.</source>
        <translation>Der Broker lässt %1 das Topic %2 nicht sehen (TOPIC_AUTHORIZATION_FAILED). Bitten Sie Ihre Kafka-Administratoren um READ-Zugriff darauf, oder prüfen Sie die Benutzer-UUID.</translation>
    </message>
    <message>
        <source>Metadata for topic %1 failed: %2</source>
        <translation>Die Metadaten für das Topic %1 konnten nicht abgerufen werden: %2</translation>
    </message>
    <message>
        <source>%1 may see topic %2 but not read it (TOPIC_AUTHORIZATION_FAILED on fetch). Ask your Kafka administrators for READ access.</source>
        <translation>%1 darf das Topic %2 sehen, aber nicht lesen (TOPIC_AUTHORIZATION_FAILED beim Abruf). Bitten Sie Ihre Kafka-Administratoren um READ-Zugriff.</translation>
    </message>
    <message numerus="yes">
        <source>Topic %1 is readable (%n partition(s)).</source>
        <translation>
            <numerusform>Das Topic %1 ist lesbar (%n Partition).</numerusform>
            <numerusform>Das Topic %1 ist lesbar (%n Partitionen).</numerusform>
        </translation>
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
        <source>broker not responding</source>
        <translation>Broker antwortet nicht</translation>
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
    <message>
        <source>TLS handshake failed</source>
        <translation>TLS-Handshake fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>ns::CsvReader</name>
    <message>
        <source>line %1: a quoted field is not closed</source>
        <translation>Zeile %1: Ein Feld in Anführungszeichen wird nicht geschlossen</translation>
    </message>
</context>
<context>
    <name>ns::DesktopMenuItems</name>
    <message>
        <source>Copy &amp;Diagnostics</source>
        <translation>&amp;Diagnosedaten kopieren</translation>
    </message>
    <message>
        <source>Copy versions, settings (without passwords) and recent problems, for a bug report</source>
        <translation>Versionen, Einstellungen (ohne Passwörter) und die letzten Probleme für einen Fehlerbericht kopieren</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>Every key of this window, and what it does</source>
        <translation>Jede Taste dieses Fensters und was sie tut</translation>
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
        <source>NS Inbox %1
A desktop inbox for messages delivered over Apache Kafka.

How to use it: Help &gt; Documentation (%2), or %3</source>
        <translation>NS Inbox %1
Ein Desktop-Posteingang für Nachrichten, die über Apache Kafka zugestellt werden.

So wird es benutzt: Hilfe &gt; Dokumentation (%2) oder %3</translation>
    </message>
</context>
<context>
    <name>ns::DesktopNotifications</name>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
</context>
<context>
    <name>ns::DocumentationLink</name>
    <message>
        <source>Nothing opened the documentation. Its place was copied to the clipboard: %1</source>
        <translation>Nichts hat die Dokumentation geöffnet. Ihr Ort wurde in die Zwischenablage kopiert: %1</translation>
    </message>
</context>
<context>
    <name>ns::EmptyStateOverlay</name>
    <message>
        <source>No messages match “%1”</source>
        <translation>Keine Nachricht passt zu „%1“</translation>
    </message>
    <message>
        <source>Try fewer or other words, or search in All messages. Esc clears the search.</source>
        <translation>Versuchen Sie weniger oder andere Wörter, oder suchen Sie in „Alle Nachrichten“. Esc leert die Suche.</translation>
    </message>
    <message>
        <source>No messages: the server cannot be reached</source>
        <translation>Keine Nachrichten: Der Server ist nicht erreichbar</translation>
    </message>
    <message>
        <source>New messages arrive as soon as it can. Check your network, and the server address in File &gt; Settings.</source>
        <translation>Neue Nachrichten kommen, sobald er es wieder ist. Prüfen Sie Ihr Netzwerk und die Serveradresse unter Datei &gt; Einstellungen.</translation>
    </message>
    <message>
        <source>No messages: signing in to the server failed</source>
        <translation>Keine Nachrichten: Die Anmeldung am Server ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>Check the user name and password in File &gt; Settings.</source>
        <translation>Prüfen Sie Benutzername und Passwort unter Datei &gt; Einstellungen.</translation>
    </message>
    <message>
        <source>No messages: the secure connection failed</source>
        <translation>Keine Nachrichten: Die sichere Verbindung ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>Check the security and certificate settings in File &gt; Settings.</source>
        <translation>Prüfen Sie die Sicherheits- und Zertifikatseinstellungen unter Datei &gt; Einstellungen.</translation>
    </message>
    <message>
        <source>No messages: the server refuses access to them</source>
        <translation>Keine Nachrichten: Der Server verweigert den Zugriff darauf</translation>
    </message>
    <message>
        <source>Check the user in File &gt; Settings, or ask your administrator for access.</source>
        <translation>Prüfen Sie den Benutzer unter Datei &gt; Einstellungen, oder bitten Sie Ihre Administration um Zugriff.</translation>
    </message>
    <message>
        <source>No messages yet</source>
        <translation>Noch keine Nachrichten</translation>
    </message>
    <message>
        <source>Your messages appear here when the first one is sent to you.</source>
        <translation>Ihre Nachrichten erscheinen hier, sobald Ihnen die erste geschickt wird.</translation>
    </message>
    <message>
        <source>No messages: they cannot be stored</source>
        <translation>Keine Nachrichten: Sie können nicht gespeichert werden</translation>
    </message>
    <message>
        <source>The disk may be full or read-only; the bar above the list says more.</source>
        <translation>Der Datenträger ist vielleicht voll oder schreibgeschützt; die Leiste über der Liste sagt mehr.</translation>
    </message>
    <message>
        <source>Your inbox is empty</source>
        <translation>Ihr Posteingang ist leer</translation>
    </message>
    <message>
        <source>New messages appear here as they arrive.</source>
        <translation>Neue Nachrichten erscheinen hier, sobald sie eintreffen.</translation>
    </message>
    <message>
        <source>No unread messages</source>
        <translation>Keine ungelesenen Nachrichten</translation>
    </message>
    <message>
        <source>You have read everything.</source>
        <translation>Sie haben alles gelesen.</translation>
    </message>
    <message>
        <source>Nothing is snoozed</source>
        <translation>Nichts ist zurückgestellt</translation>
    </message>
    <message>
        <source>Snooze (B) puts a message away until the time you choose.</source>
        <translation>Zurückstellen (B) legt eine Nachricht bis zu der Zeit weg, die Sie wählen.</translation>
    </message>
    <message>
        <source>Nothing is archived</source>
        <translation>Nichts ist archiviert</translation>
    </message>
    <message>
        <source>Archive (Delete) moves a message here, out of the inbox.</source>
        <translation>Archivieren (Entf) verschiebt eine Nachricht hierher, aus dem Posteingang.</translation>
    </message>
    <message>
        <source>No inactive messages</source>
        <translation>Keine inaktiven Nachrichten</translation>
    </message>
    <message>
        <source>Messages their sender marked inactive are listed here.</source>
        <translation>Nachrichten, die ihr Absender als inaktiv markiert hat, stehen hier.</translation>
    </message>
    <message>
        <source>Messages appear here as they arrive.</source>
        <translation>Nachrichten erscheinen hier, sobald sie eintreffen.</translation>
    </message>
</context>
<context>
    <name>ns::FolderList</name>
    <message>
        <source>&amp;Rename…</source>
        <translation>&amp;Umbenennen…</translation>
    </message>
    <message>
        <source>&amp;Edit Search…</source>
        <translation>Suche &amp;bearbeiten…</translation>
    </message>
    <message>
        <source>Move &amp;Up</source>
        <translation>Nach &amp;oben</translation>
    </message>
    <message>
        <source>Move &amp;Down</source>
        <translation>Nach &amp;unten</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Folders</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>Posteingang</translation>
    </message>
    <message>
        <source>Unread</source>
        <translation>Ungelesen</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>Archiviert</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>Inaktiv</translation>
    </message>
    <message>
        <source>All messages</source>
        <translation>Alle Nachrichten</translation>
    </message>
    <message>
        <source>%1  (%L2)</source>
        <translation>%1  (%L2)</translation>
    </message>
    <message>
        <source>Snoozed</source>
        <translation>Zurückgestellt</translation>
    </message>
</context>
<context>
    <name>ns::InboxActions</name>
    <message>
        <source>&amp;Inbox</source>
        <translation>&amp;Posteingang</translation>
    </message>
    <message>
        <source>&amp;Unread</source>
        <translation>&amp;Ungelesen</translation>
    </message>
    <message>
        <source>&amp;Archived</source>
        <translation>&amp;Archiviert</translation>
    </message>
    <message>
        <source>All &amp;messages</source>
        <translation>Alle &amp;Nachrichten</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>&amp;Open Message</source>
        <translation>Nachricht &amp;öffnen</translation>
    </message>
    <message>
        <source>Show the message and mark it read</source>
        <translation>Die Nachricht anzeigen und als gelesen markieren</translation>
    </message>
    <message>
        <source>Open &amp;Link</source>
        <translation>&amp;Link öffnen</translation>
    </message>
    <message>
        <source>Open the message&apos;s reference link in the browser</source>
        <translation>Den Link der Nachricht im Browser öffnen</translation>
    </message>
    <message>
        <source>&amp;Mark Read/Unread</source>
        <translation>Als &amp;gelesen/ungelesen markieren</translation>
    </message>
    <message>
        <source>Mark the message read or unread</source>
        <translation>Die Nachricht als gelesen oder ungelesen markieren</translation>
    </message>
    <message>
        <source>&amp;Archive</source>
        <translation>A&amp;rchivieren</translation>
    </message>
    <message>
        <source>Archive the message (it stays in the store)</source>
        <translation>Die Nachricht archivieren (sie bleibt gespeichert)</translation>
    </message>
    <message>
        <source>&amp;Next Unread</source>
        <translation>&amp;Nächste ungelesene</translation>
    </message>
    <message>
        <source>Go to the next unread message</source>
        <translation>Zur nächsten ungelesenen Nachricht wechseln</translation>
    </message>
    <message>
        <source>&amp;Previous Unread</source>
        <translation>&amp;Vorherige ungelesene</translation>
    </message>
    <message>
        <source>Go to the previous unread message</source>
        <translation>Zur vorherigen ungelesenen Nachricht wechseln</translation>
    </message>
    <message>
        <source>Mark every message in this view read</source>
        <translation>Alle Nachrichten in dieser Ansicht als gelesen markieren</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>Search subjects and bodies</source>
        <translation>Betreff und Nachrichtentext durchsuchen</translation>
    </message>
    <message>
        <source>&amp;Export View…</source>
        <translation>Ansicht e&amp;xportieren…</translation>
    </message>
    <message>
        <source>Save the messages in this view as CSV or JSON</source>
        <translation>Die Nachrichten dieser Ansicht als CSV oder JSON speichern</translation>
    </message>
    <message>
        <source>&amp;Rejected Messages…</source>
        <translation>&amp;Abgelehnte Nachrichten…</translation>
    </message>
    <message>
        <source>Records that could not be read as messages, and why</source>
        <translation>Datensätze, die nicht als Nachrichten gelesen werden konnten, und warum</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>Connection and account settings</source>
        <translation>Verbindungs- und Kontoeinstellungen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Quit NS Inbox</source>
        <translation>NS Inbox beenden</translation>
    </message>
    <message>
        <source>&amp;About NS Inbox</source>
        <translation>Ü&amp;ber NS Inbox</translation>
    </message>
    <message>
        <source>About NS Inbox</source>
        <translation>Über NS Inbox</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Message</source>
        <translation>&amp;Nachricht</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>S&amp;noozed</source>
        <translation>&amp;Zurückgestellt</translation>
    </message>
    <message>
        <source>Bring the snoozed message back to the inbox now</source>
        <translation>Die zurückgestellte Nachricht jetzt in den Posteingang zurückholen</translation>
    </message>
    <message>
        <source>Inac&amp;tive</source>
        <translation>Inak&amp;tiv</translation>
    </message>
    <message>
        <source>Unsnoo&amp;ze</source>
        <translation>Zurückstellen &amp;aufheben</translation>
    </message>
    <message>
        <source>Mar&amp;k All as Read</source>
        <translation>Alle als gelesen mar&amp;kieren</translation>
    </message>
    <message>
        <source>Mark as &amp;Read</source>
        <translation>Als gelesen &amp;markieren</translation>
    </message>
    <message>
        <source>Mark the selected messages read</source>
        <translation>Die ausgewählten Nachrichten als gelesen markieren</translation>
    </message>
    <message>
        <source>Mark as &amp;Unread</source>
        <translation>Als &amp;ungelesen markieren</translation>
    </message>
    <message>
        <source>Mark the selected messages unread</source>
        <translation>Die ausgewählten Nachrichten als ungelesen markieren</translation>
    </message>
    <message>
        <source>Move to &amp;Inbox</source>
        <translation>In den &amp;Posteingang verschieben</translation>
    </message>
    <message>
        <source>Take the selected messages back to the inbox</source>
        <translation>Die ausgewählten Nachrichten zurück in den Posteingang holen</translation>
    </message>
    <message>
        <source>Archive All Rea&amp;d</source>
        <translation>Alle gelesenen arc&amp;hivieren</translation>
    </message>
    <message>
        <source>Archive every read message of this folder</source>
        <translation>Jede gelesene Nachricht dieses Ordners archivieren</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>&amp;Alle auswählen</translation>
    </message>
    <message>
        <source>Select every message of this folder or search, also those not shown yet</source>
        <translation>Jede Nachricht dieses Ordners oder dieser Suche auswählen, auch die noch nicht angezeigten</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>Do&amp;cumentation</source>
        <translation>D&amp;okumentation</translation>
    </message>
    <message>
        <source>Open the NS Inbox guide (its README)</source>
        <translation>Die Anleitung von NS Inbox öffnen (ihr README)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Hauptleiste</translation>
    </message>
</context>
<context>
    <name>ns::InboxController</name>
    <message>
        <source>the disk is full</source>
        <translation>die Festplatte ist voll</translation>
    </message>
    <message>
        <source>the inbox file cannot be written</source>
        <translation>die Posteingangsdatei kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>another program holds the inbox file</source>
        <translation>ein anderes Programm hält die Posteingangsdatei</translation>
    </message>
    <message>
        <source>the inbox file cannot be read or written</source>
        <translation>die Posteingangsdatei kann nicht gelesen oder geschrieben werden</translation>
    </message>
    <message>
        <source>the inbox file is damaged</source>
        <translation>die Posteingangsdatei ist beschädigt</translation>
    </message>
    <message>
        <source>the inbox file is from a newer NS Inbox</source>
        <translation>die Posteingangsdatei stammt von einem neueren NS Inbox</translation>
    </message>
    <message>
        <source>NS Inbox and Qt use different SQLite libraries</source>
        <translation>NS Inbox und Qt verwenden verschiedene SQLite-Bibliotheken</translation>
    </message>
    <message>
        <source>the database reported an error</source>
        <translation>die Datenbank hat einen Fehler gemeldet</translation>
    </message>
    <message>
        <source>1 message marked read.</source>
        <translation>1 Nachricht als gelesen markiert.</translation>
    </message>
    <message>
        <source>%1 messages marked read.</source>
        <translation>%1 Nachrichten als gelesen markiert.</translation>
    </message>
    <message>
        <source>Marked 1 message read.</source>
        <translation>1 Nachricht als gelesen markiert.</translation>
    </message>
    <message>
        <source>Marked %1 messages read.</source>
        <translation>%1 Nachrichten als gelesen markiert.</translation>
    </message>
    <message>
        <source>Marked 1 message unread.</source>
        <translation>1 Nachricht als ungelesen markiert.</translation>
    </message>
    <message>
        <source>Marked %1 messages unread.</source>
        <translation>%1 Nachrichten als ungelesen markiert.</translation>
    </message>
    <message>
        <source>Archived 1 message.</source>
        <translation>1 Nachricht archiviert.</translation>
    </message>
    <message>
        <source>Archived %1 messages.</source>
        <translation>%1 Nachrichten archiviert.</translation>
    </message>
    <message>
        <source>Moved 1 message to the inbox.</source>
        <translation>1 Nachricht in den Posteingang verschoben.</translation>
    </message>
    <message>
        <source>Moved %1 messages to the inbox.</source>
        <translation>%1 Nachrichten in den Posteingang verschoben.</translation>
    </message>
    <message>
        <source>Moved 1 message back to the inbox.</source>
        <translation>1 Nachricht zurück in den Posteingang verschoben.</translation>
    </message>
    <message>
        <source>Moved %1 messages back to the inbox.</source>
        <translation>%1 Nachrichten zurück in den Posteingang verschoben.</translation>
    </message>
    <message>
        <source>Snoozed until %1.</source>
        <translation>Zurückgestellt bis %1.</translation>
    </message>
    <message>
        <source>Snoozed %1 messages until %2.</source>
        <translation>%1 Nachrichten bis %2 zurückgestellt.</translation>
    </message>
    <message>
        <source>Undone: 1 message is back as it was.</source>
        <translation>Rückgängig gemacht: 1 Nachricht ist wieder wie vorher.</translation>
    </message>
    <message>
        <source>Undone: %1 messages are back as they were.</source>
        <translation>Rückgängig gemacht: %1 Nachrichten sind wieder wie vorher.</translation>
    </message>
    <message>
        <source>1 message changed.</source>
        <translation>1 Nachricht geändert.</translation>
    </message>
    <message>
        <source>%1 messages changed.</source>
        <translation>%1 Nachrichten geändert.</translation>
    </message>
    <message>
        <source>Select messages first, or all of them (Ctrl+A).</source>
        <translation>Wählen Sie zuerst Nachrichten aus, oder alle (Strg+A).</translation>
    </message>
    <message>
        <source>Read, archived and snoozed messages are kept on this desktop only: %1. Your other desktops will not see them; ask your administrator for access to your state topic.</source>
        <translation>Gelesene, archivierte und zurückgestellte Nachrichten bleiben nur auf diesem Rechner: %1. Ihre anderen Rechner sehen sie nicht; bitten Sie Ihre Administration um Zugriff auf Ihr Status-Topic.</translation>
    </message>
    <message>
        <source>%1 messages were deleted by the server (its retention time ran out) before NS Inbox could fetch them; noticed %2. The inbox goes on from the earliest message the server still has.</source>
        <translation>%1 Nachrichten hat der Server gelöscht (ihre Aufbewahrungszeit war abgelaufen), bevor NS Inbox sie abholen konnte; bemerkt am %2. Der Posteingang macht mit der ältesten Nachricht weiter, die der Server noch hat.</translation>
    </message>
    <message>
        <source>The inbox could not be read or changed: %1 (%2).</source>
        <translation>Der Posteingang konnte nicht gelesen oder geändert werden: %1 (%2).</translation>
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
        <source>Search failed</source>
        <translation>Suche fehlgeschlagen</translation>
    </message>
    <message>
        <source>Messages not readable</source>
        <translation>Nachrichten nicht lesbar</translation>
    </message>
    <message>
        <source>1 match</source>
        <translation>1 Treffer</translation>
    </message>
    <message>
        <source>%1 matches</source>
        <translation>%1 Treffer</translation>
    </message>
    <message>
        <source>1 message</source>
        <translation>1 Nachricht</translation>
    </message>
    <message>
        <source>%1 messages</source>
        <translation>%1 Nachrichten</translation>
    </message>
    <message>
        <source>Moved to the inbox.</source>
        <translation>In den Posteingang verschoben.</translation>
    </message>
    <message>
        <source>Archived.</source>
        <translation>Archiviert.</translation>
    </message>
    <message>
        <source>Back in the inbox.</source>
        <translation>Wieder im Posteingang.</translation>
    </message>
    <message>
        <source>The inbox could not be read to find an unread message.</source>
        <translation>Der Posteingang konnte nicht gelesen werden, um eine ungelesene Nachricht zu finden.</translation>
    </message>
    <message>
        <source>No unread message below.</source>
        <translation>Keine ungelesene Nachricht weiter unten.</translation>
    </message>
    <message>
        <source>No unread message above.</source>
        <translation>Keine ungelesene Nachricht weiter oben.</translation>
    </message>
    <message>
        <source>A snoozed message is back in the inbox.</source>
        <translation>Eine zurückgestellte Nachricht ist wieder im Posteingang.</translation>
    </message>
    <message>
        <source>%1 snoozed messages are back in the inbox.</source>
        <translation>%1 zurückgestellte Nachrichten sind wieder im Posteingang.</translation>
    </message>
    <message>
        <source>This message is archived already. Message &gt; Move to Inbox takes it back.</source>
        <translation>Diese Nachricht ist schon archiviert. Nachricht &gt; In den Posteingang verschieben holt sie zurück.</translation>
    </message>
    <message>
        <source>%1+ matches</source>
        <translation>%1+ Treffer</translation>
    </message>
</context>
<context>
    <name>ns::KeychainSecretStore</name>
    <message>
        <source>the system keychain</source>
        <translation>dem Schlüsselbund des Systems</translation>
    </message>
    <message>
        <source>the keyring is locked</source>
        <translation>der Schlüsselbund ist gesperrt</translation>
    </message>
</context>
<context>
    <name>ns::MemorySecretStore</name>
    <message>
        <source>memory</source>
        <translation>Arbeitsspeicher</translation>
    </message>
    <message>
        <source>no keychain service (simulated)</source>
        <translation>kein Schlüsselbund-Dienst (simuliert)</translation>
    </message>
    <message>
        <source>no entry for %1</source>
        <translation>kein Eintrag für %1</translation>
    </message>
</context>
<context>
    <name>ns::MessageDraft</name>
    <message>
        <source>The link is longer than %1 characters.</source>
        <translation>Der Link ist länger als %1 Zeichen.</translation>
    </message>
    <message>
        <source>The link is not a valid web address.</source>
        <translation>Der Link ist keine gültige Webadresse.</translation>
    </message>
    <message>
        <source>Only http and https links are allowed.</source>
        <translation>Nur http- und https-Links sind erlaubt.</translation>
    </message>
    <message>
        <source>The link has no host name.</source>
        <translation>Der Link hat keinen Hostnamen.</translation>
    </message>
    <message>
        <source>Links with a user name or password are not allowed.</source>
        <translation>Links mit Benutzername oder Passwort sind nicht erlaubt.</translation>
    </message>
    <message>
        <source>Not a user UUID: %1</source>
        <translation>Keine Benutzer-UUID: %1</translation>
    </message>
    <message>
        <source>Add at least one recipient.</source>
        <translation>Geben Sie mindestens einen Empfänger an.</translation>
    </message>
    <message>
        <source>The subject contains a NUL character.</source>
        <translation>Der Betreff enthält ein NUL-Zeichen.</translation>
    </message>
    <message>
        <source>A subject is required.</source>
        <translation>Ein Betreff ist erforderlich.</translation>
    </message>
    <message>
        <source>The subject has %1 characters; at most %2 are allowed.</source>
        <translation>Der Betreff hat %1 Zeichen; höchstens %2 sind erlaubt.</translation>
    </message>
    <message>
        <source>A message text is required.</source>
        <translation>Ein Nachrichtentext ist erforderlich.</translation>
    </message>
    <message>
        <source>The text contains a NUL character.</source>
        <translation>Der Text enthält ein NUL-Zeichen.</translation>
    </message>
    <message>
        <source>The message is too large to send (%1 KiB; at most %2 KiB).</source>
        <translation>Die Nachricht ist zu groß zum Senden (%1 KiB; höchstens %2 KiB).</translation>
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
    <message>
        <source>Unread</source>
        <translation>Ungelesen</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
</context>
<context>
    <name>ns::MessageListProxy</name>
    <message>
        <source>Just now</source>
        <translation>Gerade eben</translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>vor %n Min.</numerusform>
            <numerusform>vor %n Min.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>vor %n Std.</numerusform>
            <numerusform>vor %n Std.</numerusform>
        </translation>
    </message>
    <message>
        <source>Yesterday %1</source>
        <translation>Gestern %1</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(kein Betreff)</translation>
    </message>
    <message>
        <source>Unread</source>
        <translation>Ungelesen</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Gelesen</translation>
    </message>
    <message>
        <source>Snoozed until %1
Sent %2</source>
        <translation>Zurückgestellt bis %1
Gesendet %2</translation>
    </message>
    <message>
        <source>Snoozed until %1</source>
        <translation>Zurückgestellt bis %1</translation>
    </message>
</context>
<context>
    <name>ns::MessageListView</name>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
</context>
<context>
    <name>ns::MessageTemplate</name>
    <message>
        <source>{%1} has no value for %2 of %3 recipient(s), e.g. %4</source>
        <translation>{%1} hat keinen Wert für %2 von %3 Empfängern, z. B. %4</translation>
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
        <translation>Den Link öffnen</translation>
    </message>
    <message>
        <source>No message selected</source>
        <translation>Keine Nachricht ausgewählt</translation>
    </message>
    <message>
        <source>Reference link host</source>
        <translation>Host des Links</translation>
    </message>
    <message>
        <source>From %1 · %2 at %3</source>
        <translation>Von %1 · %2 um %3</translation>
    </message>
    <message>
        <source>Link to %1</source>
        <translation>Link zu %1</translation>
    </message>
    <message>
        <source>This link will not be opened: %1</source>
        <translation>Dieser Link wird nicht geöffnet: %1</translation>
    </message>
    <message>
        <source>it is not a well-formed address</source>
        <translation>er ist keine gültige Adresse</translation>
    </message>
    <message>
        <source>only http and https links are opened, not &quot;%1:&quot;</source>
        <translation>nur http- und https-Links werden geöffnet, nicht „%1:“</translation>
    </message>
    <message>
        <source>it names no host</source>
        <translation>er nennt keinen Host</translation>
    </message>
    <message>
        <source>it carries a user name, a way to disguise the real host</source>
        <translation>er enthält einen Benutzernamen, mit dem sich der echte Host verschleiern lässt</translation>
    </message>
    <message>
        <source>Refused to open &quot;%1&quot;: %2.</source>
        <translation>„%1“ wurde nicht geöffnet: %2.</translation>
    </message>
    <message>
        <source>Not opened: %1</source>
        <translation>Nicht geöffnet: %1</translation>
    </message>
    <message>
        <source>Where the message came from on Kafka</source>
        <translation>Woher die Nachricht bei Kafka kam</translation>
    </message>
    <message>
        <source>Kafka: topic %1, partition %2, offset %3</source>
        <translation>Kafka: Topic %1, Partition %2, Offset %3</translation>
    </message>
    <message>
        <source>, key &quot;%1&quot;</source>
        <translation>, Schlüssel „%1“</translation>
    </message>
    <message>
        <source>; received %1</source>
        <translation>; empfangen %1</translation>
    </message>
    <message>
        <source>This message could not be read.</source>
        <translation>Diese Nachricht konnte nicht gelesen werden.</translation>
    </message>
    <message>
        <source>Snoozed until %1</source>
        <translation>Zurückgestellt bis %1</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>No browser opened the link. It was copied to the clipboard: %1</source>
        <translation>Kein Browser hat den Link geöffnet. Er wurde in die Zwischenablage kopiert: %1</translation>
    </message>
</context>
<context>
    <name>ns::NoticeBar</name>
    <message>
        <source>Close notice</source>
        <translation>Hinweis schließen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>ns::OutboxModel</name>
    <message>
        <source>Partition %1, offset %2</source>
        <translation>Partition %1, Offset %2</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>Wartet auf den Versand</translation>
    </message>
    <message>
        <source>Waiting for the broker</source>
        <translation>Wartet auf den Broker</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Zugestellt</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Empfänger</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>Geschrieben</translation>
    </message>
    <message>
        <source>To be sent %1</source>
        <translation>Wird gesendet: %1</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Geplant</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
</context>
<context>
    <name>ns::OutboxProgress</name>
    <message numerus="yes">
        <source>the cluster to create %n topic(s)</source>
        <translation>
            <numerusform>den Cluster, der %n Topic anlegt</numerusform>
            <numerusform>den Cluster, der %n Topics anlegt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n delivery report(s)</source>
        <translation>
            <numerusform>%n Zustellbericht</numerusform>
            <numerusform>%n Zustellberichte</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) to be sent again after a pause</source>
        <translation>
            <numerusform>%n Nachricht, die nach einer Pause erneut gesendet wird</numerusform>
            <numerusform>%n Nachrichten, die nach einer Pause erneut gesendet werden</numerusform>
        </translation>
    </message>
    <message>
        <source> and for </source>
        <translation> und auf </translation>
    </message>
    <message>
        <source>, for </source>
        <translation>, auf </translation>
    </message>
    <message>
        <source>Waiting for %1</source>
        <translation>Warten auf %1</translation>
    </message>
</context>
<context>
    <name>ns::OutboxProgressLines</name>
    <message>
        <source>after %1 s: %2</source>
        <translation>nach %1 s: %2</translation>
    </message>
</context>
<context>
    <name>ns::OutboxStore</name>
    <message>
        <source>It is no longer scheduled (it has gone out, or was cancelled); nothing was changed.</source>
        <translation>Sie ist nicht mehr geplant (sie wurde gesendet oder abgebrochen); nichts wurde geändert.</translation>
    </message>
</context>
<context>
    <name>ns::OutboxWorker</name>
    <message>
        <source>The outbox database is not open.</source>
        <translation>Die Datenbank des Postausgangs ist nicht geöffnet.</translation>
    </message>
    <message>
        <source>Nothing was written to the outbox.</source>
        <translation>Es wurde nichts in den Postausgang geschrieben.</translation>
    </message>
    <message numerus="yes">
        <source>%1; it does not exist and was not created (tried %n time(s))</source>
        <translation>
            <numerusform>%1; es existiert nicht und wurde nicht angelegt (%n Versuch)</numerusform>
            <numerusform>%1; es existiert nicht und wurde nicht angelegt (%n Versuche)</numerusform>
        </translation>
    </message>
    <message>
        <source>The Kafka producer could not be created: %1</source>
        <translation>Der Kafka-Producer konnte nicht erstellt werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>%1; %n message(s) waiting for the broker</source>
        <translation>
            <numerusform>%1; %n Nachricht wartet auf den Broker</numerusform>
            <numerusform>%1; %n Nachrichten warten auf den Broker</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>no connection to any broker; %n message(s) waiting</source>
        <translation>
            <numerusform>keine Verbindung zu einem Broker; %n Nachricht wartet</numerusform>
            <numerusform>keine Verbindung zu einem Broker; %n Nachrichten warten</numerusform>
        </translation>
    </message>
    <message>
        <source>The database is not open.</source>
        <translation>Die Datenbank ist nicht geöffnet.</translation>
    </message>
    <message>
        <source>It is no longer scheduled: it has gone out already, or was cancelled.</source>
        <translation>Sie ist nicht mehr geplant: Sie wurde schon gesendet oder abgebrochen.</translation>
    </message>
</context>
<context>
    <name>ns::PasswordPrompt</name>
    <message>
        <source>&amp;Remember in the system keychain</source>
        <translation>Im Schlüsselbund des Systems &amp;merken</translation>
    </message>
    <message>
        <source>Password for %1</source>
        <translation>Passwort für %1</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>NS Inbox needs the password of %1 to connect.</source>
        <translation>NS Inbox braucht das Passwort von %1, um sich zu verbinden.</translation>
    </message>
</context>
<context>
    <name>ns::PasswordResolver</name>
    <message>
        <source>No password is stored in %1 for this account yet.</source>
        <translation>In %1 ist für dieses Konto noch kein Passwort gespeichert.</translation>
    </message>
    <message>
        <source>The system keychain refused access (%1).</source>
        <translation>Der Schlüsselbund des Systems hat den Zugriff verweigert (%1).</translation>
    </message>
    <message>
        <source>No system keychain is available (no Secret Service or KWallet on the session bus), so NS Inbox does not store your password: it asks for it once per session. For unattended use, set %1.</source>
        <translation>Es ist kein Schlüsselbund des Systems verfügbar (kein Secret Service und kein KWallet auf dem Sitzungsbus), daher speichert NS Inbox Ihr Passwort nicht: Es fragt einmal pro Sitzung danach. Für den unbeaufsichtigten Betrieb setzen Sie %1.</translation>
    </message>
    <message>
        <source>password from %1</source>
        <translation>Passwort aus %1</translation>
    </message>
    <message>
        <source>password from the system keychain</source>
        <translation>Passwort aus dem Schlüsselbund des Systems</translation>
    </message>
    <message>
        <source>password for this session only</source>
        <translation>Passwort nur für diese Sitzung</translation>
    </message>
</context>
<context>
    <name>ns::PeopleCsv</name>
    <message>
        <source>the file holds no rows</source>
        <translation>die Datei enthält keine Zeilen</translation>
    </message>
    <message>
        <source>the column &quot;%1&quot; appears twice</source>
        <translation>die Spalte „%1“ kommt zweimal vor</translation>
    </message>
    <message>
        <source>no &quot;%1&quot; column: the first line must name the columns (uuid,name,...)</source>
        <translation>keine Spalte „%1“: Die erste Zeile muss die Spalten benennen (uuid,name,...)</translation>
    </message>
    <message>
        <source>%1 fields where the header has %2</source>
        <translation>%1 Felder, wo die Kopfzeile %2 hat</translation>
    </message>
    <message>
        <source>no UUID</source>
        <translation>keine UUID</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a user UUID (8-4-4-4-12 hexadecimal)</source>
        <translation>„%1“ ist keine Benutzer-UUID (8-4-4-4-12 hexadezimal)</translation>
    </message>
    <message>
        <source>no name for %1</source>
        <translation>kein Name für %1</translation>
    </message>
    <message>
        <source>%1 is already on line %2</source>
        <translation>%1 steht schon in Zeile %2</translation>
    </message>
</context>
<context>
    <name>ns::ProbeReport</name>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Not tested.</source>
        <translation>Nicht getestet.</translation>
    </message>
    <message>
        <source>Connection works. %1</source>
        <translation>Die Verbindung funktioniert. %1</translation>
    </message>
    <message>
        <source>Connection works: %1</source>
        <translation>Die Verbindung funktioniert: %1</translation>
    </message>
    <message>
        <source>Name resolution</source>
        <translation>Namensauflösung</translation>
    </message>
    <message>
        <source>TCP connection</source>
        <translation>TCP-Verbindung</translation>
    </message>
    <message>
        <source>TLS handshake</source>
        <translation>TLS-Handshake</translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation>Anmeldung</translation>
    </message>
    <message>
        <source>Access to your topic</source>
        <translation>Zugriff auf Ihr Topic</translation>
    </message>
</context>
<context>
    <name>ns::ProfileSettings</name>
    <message>
        <source>The settings could not be written to %1.</source>
        <translation>Die Einstellungen konnten nicht nach %1 geschrieben werden.</translation>
    </message>
    <message>
        <source>The settings file %1 could not be made private.</source>
        <translation>Die Einstellungsdatei %1 konnte nicht privat gemacht werden.</translation>
    </message>
    <message>
        <source>Enter the bootstrap servers, e.g. kafka.example.org:9093.</source>
        <translation>Geben Sie die Bootstrap-Server ein, z. B. kafka.example.org:9093.</translation>
    </message>
    <message>
        <source>Enter your user UUID (your profile page on the web service shows it).</source>
        <translation>Geben Sie Ihre Benutzer-UUID ein (Ihre Profilseite im Webdienst zeigt sie an).</translation>
    </message>
    <message>
        <source>“%1” is not a user UUID: it looks like 0d3f4c52-7a8e-4f51-9c1e-5b2d6a7e8f90 (lowercase, 8-4-4-4-12).</source>
        <translation>„%1“ ist keine Benutzer-UUID: Diese sieht aus wie 0d3f4c52-7a8e-4f51-9c1e-5b2d6a7e8f90 (Kleinbuchstaben, 8-4-4-4-12).</translation>
    </message>
    <message>
        <source>Unknown security protocol “%1”.</source>
        <translation>Unbekanntes Sicherheitsprotokoll „%1“.</translation>
    </message>
    <message>
        <source>Unknown SASL mechanism “%1”.</source>
        <translation>Unbekannter SASL-Mechanismus „%1“.</translation>
    </message>
    <message>
        <source>%1 needs a user name.</source>
        <translation>%1 braucht einen Benutzernamen.</translation>
    </message>
    <message>
        <source>The CA certificate file %1 does not exist.</source>
        <translation>Die CA-Zertifikatsdatei %1 existiert nicht.</translation>
    </message>
    <message>
        <source>The CA certificate file %1 cannot be read.</source>
        <translation>Die CA-Zertifikatsdatei %1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The batch size must be between 1 and %1.</source>
        <translation>Die Stapelgröße muss zwischen 1 und %1 liegen.</translation>
    </message>
    <message>
        <source>The poll timeout must be between %1 and %2 ms.</source>
        <translation>Die Abfrage-Wartezeit muss zwischen %1 und %2 ms liegen.</translation>
    </message>
    <message>
        <source>“%1” is not host:port (e.g. kafka.example.org:9093).</source>
        <translation>„%1“ hat nicht die Form Host:Port (z. B. kafka.example.org:9093).</translation>
    </message>
</context>
<context>
    <name>ns::RdKafkaProducer</name>
    <message>
        <source>not authorized: this account may not write to topic %1 (%2)</source>
        <translation>nicht berechtigt: dieses Konto darf nicht in das Topic %1 schreiben (%2)</translation>
    </message>
    <message>
        <source>the broker does not know topic %1 (yet)</source>
        <translation>der Broker kennt das Topic %1 (noch) nicht</translation>
    </message>
    <message>
        <source>the client&apos;s queue is full; sent again shortly</source>
        <translation>die Warteschlange des Clients ist voll; sie wird gleich erneut gesendet</translation>
    </message>
    <message>
        <source>interrupted before the broker confirmed it (%1); it may have been written</source>
        <translation>unterbrochen, bevor der Broker sie bestätigt hat (%1); sie wurde möglicherweise geschrieben</translation>
    </message>
    <message>
        <source>not sent yet (%1)</source>
        <translation>noch nicht gesendet (%1)</translation>
    </message>
</context>
<context>
    <name>ns::ReadingPaneBinding</name>
    <message>
        <source>All %1 messages in %2 are selected</source>
        <translation>Alle %1 Nachrichten in %2 sind ausgewählt</translation>
    </message>
    <message>
        <source>%1 messages selected</source>
        <translation>%1 Nachrichten ausgewählt</translation>
    </message>
    <message>
        <source>Reading “%1”: the arrow keys scroll it, Ctrl+Return opens its link.</source>
        <translation>„%1“ wird gelesen: Die Pfeiltasten blättern, Strg+Eingabe öffnet den Link.</translation>
    </message>
    <message>
        <source>Reading “%1”: the arrow keys scroll it.</source>
        <translation>„%1“ wird gelesen: Die Pfeiltasten blättern.</translation>
    </message>
</context>
<context>
    <name>ns::RecipientPicker</name>
    <message>
        <source>Add people or groups by name…</source>
        <translation>Personen oder Gruppen nach Namen hinzufügen…</translation>
    </message>
    <message>
        <source>Find people or groups</source>
        <translation>Personen oder Gruppen suchen</translation>
    </message>
    <message>
        <source>Recipients by name</source>
        <translation>Empfänger nach Namen</translation>
    </message>
    <message>
        <source>Double-click a group to remove it</source>
        <translation>Doppelklick auf eine Gruppe entfernt sie</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n people (group)</source>
        <translation>
            <numerusform>%1: %n Person (Gruppe)</numerusform>
            <numerusform>%1: %n Personen (Gruppe)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2 people</source>
        <translation>%1: %2 Personen</translation>
    </message>
    <message>
        <source>Group %1, expanded to its %2 members when sent; double-click to remove</source>
        <translation>Gruppe %1, beim Senden auf ihre %2 Mitglieder erweitert; Doppelklick entfernt sie</translation>
    </message>
    <message>
        <source>and %1 more</source>
        <translation>und %1 weitere</translation>
    </message>
    <message>
        <source>Unknown: %1</source>
        <translation>Unbekannt: %1</translation>
    </message>
    <message>
        <source>Not in the address book; sent to this UUID as given</source>
        <translation>Nicht im Adressbuch; wird an diese UUID gesendet, wie angegeben</translation>
    </message>
</context>
<context>
    <name>ns::RejectedMessagesDialog</name>
    <message>
        <source>Rejected Messages</source>
        <translation>Abgelehnte Nachrichten</translation>
    </message>
    <message>
        <source>No record has been rejected.</source>
        <translation>Es wurde kein Datensatz abgelehnt.</translation>
    </message>
    <message>
        <source>%L1 records could not be read as messages; the newest %L2 are listed.</source>
        <translation>%L1 Datensätze konnten nicht als Nachrichten gelesen werden; die neuesten %L2 werden angezeigt.</translation>
    </message>
    <message>
        <source>%L1 record(s) could not be read as messages. They are kept here with the reason; the inbox went on with the next ones.</source>
        <translation>%L1 Datensatz/Datensätze konnten nicht als Nachrichten gelesen werden. Sie werden hier mit dem Grund aufbewahrt; der Posteingang hat mit den nächsten weitergemacht.</translation>
    </message>
    <message>
        <source>Rejected records</source>
        <translation>Abgelehnte Datensätze</translation>
    </message>
    <message>
        <source>Select a record to see its bytes.</source>
        <translation>Wählen Sie einen Datensatz aus, um seine Bytes zu sehen.</translation>
    </message>
    <message>
        <source>Raw bytes of the record</source>
        <translation>Rohe Bytes des Datensatzes</translation>
    </message>
    <message>
        <source>%1 · partition %2 · offset %3
%4

</source>
        <translation>%1 · Partition %2 · Offset %3
%4

</translation>
    </message>
    <message>
        <source>
… (%L1 of %L2 bytes kept)</source>
        <translation>
… (%L1 von %L2 Bytes aufbewahrt)</translation>
    </message>
    <message>
        <source>The rejected records could not be read: %1</source>
        <translation>Die abgelehnten Datensätze konnten nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>ns::RejectedMessagesModel</name>
    <message>
        <source>tombstone</source>
        <translation>Tombstone</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Empfangen</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>Partition</translation>
    </message>
    <message>
        <source>Offset</source>
        <translation>Offset</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Einzelheiten</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
</context>
<context>
    <name>ns::SavedSearchActions</name>
    <message>
        <source>Save Search…</source>
        <translation>Suche speichern…</translation>
    </message>
    <message>
        <source>Keep this search as a folder, with its own unread count</source>
        <translation>Diese Suche als Ordner behalten, mit eigener Zahl ungelesener Nachrichten</translation>
    </message>
    <message>
        <source>Saved Search %1</source>
        <translation>Gespeicherte Suche %1</translation>
    </message>
    <message>
        <source>Run the saved search listed %1 under the folders</source>
        <translation>Die %1. gespeicherte Suche unter den Ordnern ausführen</translation>
    </message>
    <message>
        <source>Saved searches not changed: %1</source>
        <translation>Gespeicherte Suchen nicht geändert: %1</translation>
    </message>
    <message>
        <source>Saved Search: %1</source>
        <translation>Gespeicherte Suche: %1</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Save Search</source>
        <translation>Suche speichern</translation>
    </message>
    <message>
        <source>Name of the folder for this search:</source>
        <translation>Name des Ordners für diese Suche:</translation>
    </message>
    <message>
        <source>Rename Saved Search</source>
        <translation>Gespeicherte Suche umbenennen</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Edit Saved Search</source>
        <translation>Gespeicherte Suche bearbeiten</translation>
    </message>
    <message>
        <source>Search:</source>
        <translation>Suche:</translation>
    </message>
</context>
<context>
    <name>ns::SavedSearchFolders</name>
    <message>
        <source>a saved search needs something to search for</source>
        <translation>eine gespeicherte Suche braucht etwas, wonach sie sucht</translation>
    </message>
</context>
<context>
    <name>ns::SearchBar</name>
    <message>
        <source>Search (words, from:, is:unread, after:7d…)</source>
        <translation>Suchen (Wörter, from:, is:unread, after:7d…)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Clear search</source>
        <translation>Suche zurücksetzen</translation>
    </message>
</context>
<context>
    <name>ns::SearchCompleter</name>
    <message>
        <source>Search completions</source>
        <translation>Suchvorschläge</translation>
    </message>
</context>
<context>
    <name>ns::SearchProblem</name>
    <message>
        <source>Search problem</source>
        <translation>Suchproblem</translation>
    </message>
    <message>
        <source>Not searched: %1</source>
        <translation>Nicht gesucht: %1</translation>
    </message>
</context>
<context>
    <name>ns::SelectionCommands</name>
    <message>
        <source>&amp;Mark Unread</source>
        <translation>Als un&amp;gelesen markieren</translation>
    </message>
    <message>
        <source>&amp;Mark Read</source>
        <translation>Als &amp;gelesen markieren</translation>
    </message>
    <message>
        <source>Too many messages selected one by one: select them all (Ctrl+A), or fewer.</source>
        <translation>Zu viele einzeln ausgewählte Nachrichten: Wählen Sie alle aus (Strg+A) oder weniger.</translation>
    </message>
    <message>
        <source>These messages are archived already. Message &gt; Move to Inbox takes them back.</source>
        <translation>Diese Nachrichten sind schon archiviert. Nachricht &gt; In den Posteingang verschieben holt sie zurück.</translation>
    </message>
</context>
<context>
    <name>ns::SendTime</name>
    <message>
        <source>&quot;%1&quot; is not a time of day (HH:MM, 00:00 to 23:59)</source>
        <translation>„%1“ ist keine Uhrzeit (HH:MM, 00:00 bis 23:59)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a time: write 2026-12-08T08:00 (local time; Z or +01:00 for another zone), 08:00 (the next one), or +15m / +2h / +1d</source>
        <translation>„%1“ ist kein Zeitpunkt: Schreiben Sie 2026-12-08T08:00 (Ortszeit; Z oder +01:00 für eine andere Zone), 08:00 (das nächste) oder +15m / +2h / +1d</translation>
    </message>
    <message>
        <source>%1 (due now)</source>
        <translation>%1 (jetzt fällig)</translation>
    </message>
    <message>
        <source>%1 (in %2 min)</source>
        <translation>%1 (in %2 min)</translation>
    </message>
    <message>
        <source>%1 (in %2 h %3 min)</source>
        <translation>%1 (in %2 h %3 min)</translation>
    </message>
    <message numerus="yes">
        <source>%1 (in %n day(s))</source>
        <translation>
            <numerusform>%1 (in %n Tag)</numerusform>
            <numerusform>%1 (in %n Tagen)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ns::SentDialog</name>
    <message>
        <source>&amp;Retry selected</source>
        <translation>Auswahl &amp;erneut senden</translation>
    </message>
    <message>
        <source>Retry &amp;all failed</source>
        <translation>&amp;Alle fehlgeschlagenen erneut senden</translation>
    </message>
    <message>
        <source>Sent Messages</source>
        <translation>Gesendete Nachrichten</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Zugestellt</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Sent messages by recipient</source>
        <translation>Gesendete Nachrichten nach Empfänger</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>Anzeigen:</translation>
    </message>
    <message>
        <source>%1 delivered, %2 pending, %3 failed</source>
        <translation>%1 zugestellt, %2 ausstehend, %3 fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 to %2: %3</source>
        <translation>%1 an %2: %3</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>The sent messages could not be read: %1</source>
        <translation>Die gesendeten Nachrichten konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>&amp;Cancel scheduled send</source>
        <translation>Geplanten Versand s&amp;tornieren</translation>
    </message>
    <message>
        <source>&amp;Edit scheduled…</source>
        <translation>Geplanten Versand &amp;ändern…</translation>
    </message>
    <message>
        <source>Send a&amp;gain</source>
        <translation>&amp;Noch einmal senden</translation>
    </message>
    <message>
        <source>Edit as &amp;new…</source>
        <translation>Als neue Nachricht &amp;bearbeiten…</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Geplant</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>, %1 scheduled</source>
        <translation>, %1 geplant</translation>
    </message>
</context>
<context>
    <name>ns::SentEmptyState</name>
    <message>
        <source>Nothing sent yet</source>
        <translation>Noch nichts gesendet</translation>
    </message>
    <message>
        <source>Messages you send with Message &gt; New Message show here, one row per recipient, with whether each was delivered.</source>
        <translation>Nachrichten, die Sie mit Nachricht &gt; Neue Nachricht senden, erscheinen hier, eine Zeile je Empfänger, mit dem Stand der Zustellung.</translation>
    </message>
    <message>
        <source>Messages you send with Message &gt; New Message (%1) show here, one row per recipient, with whether each was delivered.</source>
        <translation>Nachrichten, die Sie mit Nachricht &gt; Neue Nachricht (%1) senden, erscheinen hier, eine Zeile je Empfänger, mit dem Stand der Zustellung.</translation>
    </message>
    <message>
        <source>No messages are “%1”</source>
        <translation>Keine Nachrichten mit dem Stand „%1“</translation>
    </message>
    <message>
        <source>Choose “All” in “Show:” to see everything sent.</source>
        <translation>Wählen Sie „Alle“ bei „Anzeigen:“, um alles Gesendete zu sehen.</translation>
    </message>
</context>
<context>
    <name>ns::SettingsDialog</name>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Administrator mode: compose messages to other users</source>
        <translation>Administratormodus: Nachrichten an andere Benutzer verfassen</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <source>NS Inbox Settings</source>
        <translation>NS Inbox – Einstellungen</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA-Zertifikat</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>PEM-Zertifikate (*.pem *.crt *.cer);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>kafka.example.org:9093</source>
        <translation>kafka.example.org:9093</translation>
    </message>
    <message>
        <source>0d3f4c52-7a8e-4f51-9c1e-5b2d6a7e8f90</source>
        <translation>0d3f4c52-7a8e-4f51-9c1e-5b2d6a7e8f90</translation>
    </message>
    <message>
        <source>Your user UUID: the name of the Kafka topic your messages arrive on.</source>
        <translation>Ihre Benutzer-UUID: der Name des Kafka-Topics, auf dem Ihre Nachrichten ankommen.</translation>
    </message>
    <message>
        <source>System certificates</source>
        <translation>Zertifikate des Systems</translation>
    </message>
    <message>
        <source>Connection test steps</source>
        <translation>Schritte des Verbindungstests</translation>
    </message>
    <message>
        <source>&amp;Bootstrap servers:</source>
        <translation>&amp;Bootstrap-Server:</translation>
    </message>
    <message>
        <source>&amp;User UUID:</source>
        <translation>Ben&amp;utzer-UUID:</translation>
    </message>
    <message>
        <source>&amp;Security protocol:</source>
        <translation>&amp;Sicherheitsprotokoll:</translation>
    </message>
    <message>
        <source>SASL &amp;mechanism:</source>
        <translation>SASL-&amp;Mechanismus:</translation>
    </message>
    <message>
        <source>User &amp;name:</source>
        <translation>Benutzer&amp;name:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>&amp;CA certificate:</source>
        <translation>&amp;CA-Zertifikat:</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Erweitert</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Longest wait for new messages per round; also how soon NS Inbox stops when asked.</source>
        <translation>Längste Wartezeit auf neue Nachrichten pro Runde; auch, wie schnell NS Inbox auf Anfrage anhält.</translation>
    </message>
    <message>
        <source>Batch si&amp;ze:</source>
        <translation>Stapel&amp;größe:</translation>
    </message>
    <message>
        <source>P&amp;oll timeout:</source>
        <translation>Abfrage-&amp;Wartezeit:</translation>
    </message>
    <message>
        <source>Reading the system keychain…</source>
        <translation>Der Schlüsselbund des Systems wird gelesen…</translation>
    </message>
    <message>
        <source>The password is stored in %1.</source>
        <translation>Das Passwort ist in %1 gespeichert.</translation>
    </message>
    <message>
        <source>The password will be stored in %1.</source>
        <translation>Das Passwort wird in %1 gespeichert.</translation>
    </message>
    <message>
        <source>The system keychain refused access (%1): the password is kept for this session only.</source>
        <translation>Der Schlüsselbund des Systems hat den Zugriff verweigert (%1): Das Passwort gilt nur für diese Sitzung.</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Wird getestet…</translation>
    </message>
    <message>
        <source>Storing the password in %1…</source>
        <translation>Das Passwort wird in %1 gespeichert…</translation>
    </message>
    <message>
        <source>The server address you were given: host:port, several separated by commas.</source>
        <translation>Die Serveradresse, die Sie erhalten haben: Host:Port, mehrere durch Kommas getrennt.</translation>
    </message>
    <message>
        <source>How many messages are saved at once, at most.</source>
        <translation>Wie viele Nachrichten höchstens auf einmal gespeichert werden.</translation>
    </message>
    <message>
        <source>NS Inbox reads your messages on its own: the web service and your other computers are not affected. Where it stopped reading is kept on this computer, with the messages.</source>
        <translation>NS Inbox liest Ihre Nachrichten für sich: Der Webdienst und Ihre anderen Rechner sind davon nicht betroffen. Wo es zuletzt gelesen hat, wird auf diesem Rechner bei den Nachrichten gespeichert.</translation>
    </message>
    <message>
        <source>Save Settings</source>
        <translation>Einstellungen speichern</translation>
    </message>
    <message>
        <source>NS Inbox could not connect with these settings.</source>
        <translation>NS Inbox konnte sich mit diesen Einstellungen nicht verbinden.</translation>
    </message>
    <message>
        <source>%1

Save them anyway? No messages arrive until the server can be reached.</source>
        <translation>%1

Trotzdem speichern? Bis der Server erreichbar ist, kommen keine Nachrichten an.</translation>
    </message>
    <message>
        <source>&amp;Save Anyway</source>
        <translation>Trotzdem &amp;speichern</translation>
    </message>
    <message>
        <source>&amp;Keep Editing</source>
        <translation>&amp;Weiter bearbeiten</translation>
    </message>
    <message>
        <source>Your user UUID</source>
        <translation>Ihre Benutzer-UUID</translation>
    </message>
    <message>
        <source>Shown as the sender (From) of the messages you write. Empty: your user UUID.</source>
        <translation>Wird als Absender (Von) der Nachrichten angezeigt, die Sie schreiben. Leer: Ihre Benutzer-UUID.</translation>
    </message>
    <message>
        <source>Sen&amp;der name:</source>
        <translation>&amp;Absendername:</translation>
    </message>
    <message>
        <source>Message &gt; New Message for this server. The demo offers it to everyone, ticked or not.</source>
        <translation>Nachricht &gt; Neue Nachricht für diesen Server. Die Demo bietet sie allen an, ob angekreuzt oder nicht.</translation>
    </message>
</context>
<context>
    <name>ns::ShortcutsDialog</name>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>%1 › %2</source>
        <translation>%1 › %2</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Menü</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
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
    <name>ns::SnoozeDialog</name>
    <message>
        <source>Snooze Until</source>
        <translation>Zurückstellen bis</translation>
    </message>
    <message>
        <source>Snooze until</source>
        <translation>Zurückstellen bis</translation>
    </message>
    <message>
        <source>&amp;Snooze</source>
        <translation>&amp;Zurückstellen</translation>
    </message>
    <message>
        <source>&amp;Back in the inbox at:</source>
        <translation>&amp;Wieder im Posteingang am:</translation>
    </message>
</context>
<context>
    <name>ns::SnoozeMenu</name>
    <message>
        <source>&amp;Snooze</source>
        <translation>&amp;Zurückstellen</translation>
    </message>
    <message>
        <source>Put the message away until a later time; it comes back unread</source>
        <translation>Die Nachricht bis zu einem späteren Zeitpunkt weglegen; sie kommt ungelesen zurück</translation>
    </message>
    <message>
        <source>&amp;Choose a Time…</source>
        <translation>Zeitpunkt &amp;wählen…</translation>
    </message>
    <message>
        <source>Snooze the message until a date and time you choose</source>
        <translation>Die Nachricht bis zu einem Datum und einer Uhrzeit Ihrer Wahl zurückstellen</translation>
    </message>
    <message>
        <source>&amp;Later Today	%1</source>
        <translation>&amp;Später heute	%1</translation>
    </message>
    <message>
        <source>&amp;Later Today</source>
        <translation>&amp;Später heute</translation>
    </message>
    <message>
        <source>Back at %1</source>
        <translation>Zurück um %1</translation>
    </message>
    <message>
        <source>Too late in the day: choose Tomorrow Morning</source>
        <translation>Zu spät am Tag: Wählen Sie „Morgen früh“</translation>
    </message>
    <message>
        <source>&amp;Tomorrow Morning	%1</source>
        <translation>&amp;Morgen früh	%1</translation>
    </message>
    <message>
        <source>Next &amp;Week	%1</source>
        <translation>&amp;Nächste Woche	%1</translation>
    </message>
</context>
<context>
    <name>ns::SyncIndicator</name>
    <message>
        <source>Syncing read state…</source>
        <translation>Lesestatus wird abgeglichen…</translation>
    </message>
    <message>
        <source>Read state synced</source>
        <translation>Lesestatus abgeglichen</translation>
    </message>
    <message>
        <source>Read state on this desktop only</source>
        <translation>Lesestatus nur auf diesem Rechner</translation>
    </message>
    <message>
        <source>Read state waiting to sync</source>
        <translation>Lesestatus wartet auf Abgleich</translation>
    </message>
    <message>
        <source>Read, archived and snoozed messages are shared with your other desktops through your state topic.</source>
        <translation>Gelesene, archivierte und zurückgestellte Nachrichten werden über Ihr Status-Topic mit Ihren anderen Rechnern geteilt.</translation>
    </message>
</context>
<context>
    <name>ns::TopicLifeNotices</name>
    <message>
        <source>1 earlier message kept as %1</source>
        <translation>1 frühere Nachricht aufbewahrt als %1</translation>
    </message>
    <message>
        <source>%1 earlier messages kept as %2</source>
        <translation>%1 frühere Nachrichten aufbewahrt als %2</translation>
    </message>
    <message>
        <source>Your message topic %1 was deleted and created again on the server: %2, with their read, archived and snoozed marks. New messages are read from the new topic&apos;s beginning.</source>
        <translation>Ihr Nachrichten-Topic %1 wurde auf dem Server gelöscht und neu angelegt: %2, mit ihren Markierungen gelesen, archiviert und zurückgestellt. Neue Nachrichten werden vom Anfang des neuen Topics gelesen.</translation>
    </message>
    <message>
        <source>Your state topic %1 was deleted and created again on the server. The read, archived and snoozed marks on this desktop stay; it reads the new topic from its beginning and sends its changes that were not confirmed yet again.</source>
        <translation>Ihr Status-Topic %1 wurde auf dem Server gelöscht und neu angelegt. Die Markierungen gelesen, archiviert und zurückgestellt auf diesem Rechner bleiben; er liest das neue Topic von seinem Anfang und sendet seine noch nicht bestätigten Änderungen erneut.</translation>
    </message>
    <message>
        <source>Move the file away (keep it if you need what it held) and start NS Inbox again: it makes a new inbox and fills it from the server.</source>
        <translation>Verschieben Sie die Datei an einen anderen Ort (behalten Sie sie, wenn Sie ihren Inhalt brauchen) und starten Sie NS Inbox erneut: Es legt einen neuen Posteingang an und füllt ihn vom Server.</translation>
    </message>
    <message>
        <source>The inbox file was damaged (%1). It is kept as %2, and a new one is filled again from the server.</source>
        <translation>Die Posteingangsdatei war beschädigt (%1). Sie wird als %2 aufbewahrt, und eine neue wird wieder vom Server gefüllt.</translation>
    </message>
    <message>
        <source>Saved from it: %1 unsent messages and %2 changes not synced yet.</source>
        <translation>Daraus gerettet: %1 nicht gesendete Nachrichten und %2 noch nicht abgeglichene Änderungen.</translation>
    </message>
    <message>
        <source>Part of its outbox could not be read: unsent messages there may be lost (they are in the damaged copy).</source>
        <translation>Ein Teil ihres Postausgangs war nicht lesbar: Nicht gesendete Nachrichten darin können verloren sein (sie liegen in der beschädigten Kopie).</translation>
    </message>
    <message>
        <source>Not recovered: of its %1 messages, those the server no longer keeps are only in the damaged copy, and read, archived and snoozed marks that never reached your other desktops are lost.</source>
        <translation>Nicht wiederhergestellt: Von ihren %1 Nachrichten liegen die, die der Server nicht mehr aufbewahrt, nur in der beschädigten Kopie, und Markierungen gelesen, archiviert und zurückgestellt, die Ihre anderen Rechner nie erreicht haben, sind verloren.</translation>
    </message>
    <message>
        <source>Not recovered: messages the server no longer keeps are only in the damaged copy, and read, archived and snoozed marks that never reached your other desktops are lost.</source>
        <translation>Nicht wiederhergestellt: Nachrichten, die der Server nicht mehr aufbewahrt, liegen nur in der beschädigten Kopie, und Markierungen gelesen, archiviert und zurückgestellt, die Ihre anderen Rechner nie erreicht haben, sind verloren.</translation>
    </message>
    <message>
        <source>The inbox file cannot be used: %1. New messages are not stored. %2</source>
        <translation>Die Posteingangsdatei kann nicht verwendet werden: %1. Neue Nachrichten werden nicht gespeichert. %2</translation>
    </message>
    <message>
        <source>Quit NS Inbox and start it again: it checks the whole file, keeps it aside and rebuilds the inbox from the server.</source>
        <translation>Beenden Sie NS Inbox und starten Sie es erneut: Es prüft die ganze Datei, legt sie beiseite und baut den Posteingang vom Server neu auf.</translation>
    </message>
    <message>
        <source>It was written by a newer NS Inbox: use that version, or move the file away to start again from the server.</source>
        <translation>Sie wurde von einer neueren Version von NS Inbox geschrieben: Verwenden Sie diese Version, oder verschieben Sie die Datei, um vom Server neu zu beginnen.</translation>
    </message>
    <message>
        <source>NS Inbox and Qt use different SQLite libraries: reinstall NS Inbox from its package.</source>
        <translation>NS Inbox und Qt verwenden verschiedene SQLite-Bibliotheken: Installieren Sie NS Inbox aus seinem Paket neu.</translation>
    </message>
    <message>
        <source>Quit NS Inbox, free the disk or fix the file&apos;s permissions, and start it again.</source>
        <translation>Beenden Sie NS Inbox, schaffen Sie Platz auf dem Datenträger oder korrigieren Sie die Zugriffsrechte der Datei, und starten Sie es erneut.</translation>
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
    <message>
        <source>&amp;Hide NS Inbox</source>
        <translation>NS Inbox &amp;ausblenden</translation>
    </message>
    <message numerus="yes">
        <source>NS Inbox: %n unread</source>
        <translation>
            <numerusform>NS Inbox: %n ungelesen</numerusform>
            <numerusform>NS Inbox: %n ungelesen</numerusform>
        </translation>
    </message>
    <message>
        <source>NS Inbox</source>
        <translation>NS Inbox</translation>
    </message>
    <message numerus="yes">
        <source>New messages: %n unread</source>
        <translation>
            <numerusform>Neue Nachrichten: %n ungelesen</numerusform>
            <numerusform>Neue Nachrichten: %n ungelesen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ns::UndoOffer</name>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
</context>
<context>
    <name>ns::ViewExport</name>
    <message>
        <source>Export View</source>
        <translation>Ansicht exportieren</translation>
    </message>
    <message>
        <source>CSV (*.csv);;JSON (*.json)</source>
        <translation>CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <source>An export is already running.</source>
        <translation>Es läuft bereits ein Export.</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Wird exportiert…</translation>
    </message>
    <message>
        <source>Exported %1 messages to %2.</source>
        <translation>%1 Nachrichten nach %2 exportiert.</translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation>Der Export ist fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>ns::WelcomePage</name>
    <message>
        <source>&amp;Connect to your server…</source>
        <translation>Mit Ihrem Server &amp;verbinden…</translation>
    </message>
    <message>
        <source>Try the &amp;demo</source>
        <translation>&amp;Demo ausprobieren</translation>
    </message>
    <message>
        <source>Welcome to NS Inbox</source>
        <translation>Willkommen bei NS Inbox</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Welcome to NS Inbox&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Willkommen bei NS Inbox&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>NS Inbox shows the messages the Notary Service sends you. To read yours, connect to your organisation&apos;s Kafka server with your user UUID. To look around first, try the demo: it runs a small built-in server with sample messages, kept apart from your real inbox.</source>
        <translation>NS Inbox zeigt die Nachrichten, die Ihnen der Notary Service sendet. Um Ihre zu lesen, verbinden Sie sich mit Ihrer Benutzer-UUID mit dem Kafka-Server Ihrer Organisation. Um sich zuerst umzusehen, probieren Sie die Demo aus: Sie startet einen kleinen eingebauten Server mit Beispielnachrichten, getrennt von Ihrem echten Posteingang.</translation>
    </message>
    <message>
        <source>Your organisation has set up the server %1: you only need your user UUID.</source>
        <translation>Ihre Organisation hat den Server %1 eingerichtet: Sie brauchen nur Ihre Benutzer-UUID.</translation>
    </message>
    <message>
        <source>Opens the connection settings</source>
        <translation>Öffnet die Verbindungseinstellungen</translation>
    </message>
    <message>
        <source>Opens an inbox with sample messages from a built-in demo server</source>
        <translation>Öffnet einen Posteingang mit Beispielnachrichten von einem eingebauten Demo-Server</translation>
    </message>
</context>
</TS>
