<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>Ui::AboutDialog</name>
    <message>
        <source>About SmartData</source>
        <translation>Über SmartData</translation>
    </message>
    <message>
        <source>&lt;h2&gt;SmartData %1&lt;/h2&gt;&lt;p&gt;Daily KPIs, anomaly alerts and forecasts from raw event data.&lt;/p&gt;&lt;p&gt;Qt %2&lt;/p&gt;&lt;p&gt;Database: %3&lt;br&gt;Logs: %4&lt;/p&gt;</source>
        <translation>&lt;h2&gt;SmartData %1&lt;/h2&gt;&lt;p&gt;Tägliche Kennzahlen, Anomaliewarnungen und Prognosen aus rohen Ereignisdaten.&lt;/p&gt;&lt;p&gt;Qt %2&lt;/p&gt;&lt;p&gt;Datenbank: %3&lt;br&gt;Protokolle: %4&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>Ui::AnomalyPanel</name>
    <message>
        <source>Rolling z-score</source>
        <translation>Gleitender z-Wert</translation>
    </message>
    <message>
        <source>Robust z (median/MAD)</source>
        <translation>Robuster z-Wert (Median/MAD)</translation>
    </message>
    <message>
        <source>Isolation Forest</source>
        <translation>Isolation Forest</translation>
    </message>
    <message>
        <source>Same weekday</source>
        <translation>Gleicher Wochentag</translation>
    </message>
    <message>
        <source>Compare each day with the same weekday of previous weeks (the window counts weeks).</source>
        <translation>Jeden Tag mit demselben Wochentag der Vorwochen vergleichen (das Fenster zählt dann Wochen).</translation>
    </message>
    <message>
        <source>Detect anomalies</source>
        <translation>Anomalien erkennen</translation>
    </message>
    <message>
        <source>&amp;Method:</source>
        <translation>&amp;Methode:</translation>
    </message>
    <message>
        <source>&amp;Window:</source>
        <translation>&amp;Fenster:</translation>
    </message>
    <message>
        <source>&amp;Threshold |z|:</source>
        <translation>&amp;Schwelle |z|:</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>&lt;b&gt;Anomalous days&lt;/b&gt;</source>
        <translation>&lt;b&gt;Auffällige Tage&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No anomalous days stored in this range.</source>
        <translation>Keine auffälligen Tage in diesem Zeitraum gespeichert.</translation>
    </message>
    <message>
        <source>Anomalous days in this range: %1.</source>
        <translation>Auffällige Tage in diesem Zeitraum: %1.</translation>
    </message>
    <message>
        <source>spike</source>
        <translation>Spitze</translation>
    </message>
    <message>
        <source>dip</source>
        <translation>Einbruch</translation>
    </message>
    <message>
        <source>level shift</source>
        <translation>Niveausprung</translation>
    </message>
    <message>
        <source>Season + level, robust test (default)</source>
        <translation>Saison + Niveau, robuster Test (Standard)</translation>
    </message>
    <message>
        <source>Separates the weekly (or yearly) season and the level from the noise, reports a level shift once, and flags what stands out of the rest (generalized ESD on robust residuals).</source>
        <translation>Trennt die wöchentliche (oder jährliche) Saisonkomponente und das Niveau vom Rauschen, meldet einen Niveausprung nur einmal und markiert, was sich vom Rest abhebt (verallgemeinerter ESD-Test auf robusten Residuen).</translation>
    </message>
    <message>
        <source>&amp;Contamination:</source>
        <translation>&amp;Kontamination:</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>auto</translation>
    </message>
    <message>
        <source>The share of days the Isolation Forest expects to be anomalous. &quot;auto&quot; flags about a fifth of any series, anomalies or not.</source>
        <translation>Der Anteil der Tage, die der Isolation Forest als auffällig erwartet. „auto“ markiert etwa ein Fünftel jeder Reihe, ob sie Anomalien enthält oder nicht.</translation>
    </message>
    <message>
        <source>Same weekday (daily series only)</source>
        <translation>Gleicher Wochentag (nur Tagesreihen)</translation>
    </message>
    <message>
        <source>Weekly values have no weekday pattern to compare with.</source>
        <translation>Wochenwerte haben kein Wochentagsmuster, mit dem sie sich vergleichen ließen.</translation>
    </message>
    <message>
        <source>Same month in earlier years</source>
        <translation>Gleicher Monat in früheren Jahren</translation>
    </message>
    <message>
        <source>Compare each month with the same month of previous years (the window counts years).</source>
        <translation>Jeden Monat mit demselben Monat der Vorjahre vergleichen (das Fenster zählt dann Jahre).</translation>
    </message>
    <message>
        <source>Same quarter in earlier years</source>
        <translation>Gleiches Quartal in früheren Jahren</translation>
    </message>
    <message>
        <source>Compare each quarter with the same quarter of previous years (the window counts years).</source>
        <translation>Jedes Quartal mit demselben Quartal der Vorjahre vergleichen (das Fenster zählt dann Jahre).</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
</context>
<context>
    <name>Ui::ApiServerView</name>
    <message>
        <source>viewer (reads data)</source>
        <translation>Betrachter (liest Daten)</translation>
    </message>
    <message>
        <source>analyst (imports and runs analyses)</source>
        <translation>Analyst (importiert und startet Analysen)</translation>
    </message>
    <message>
        <source>admin (also manages users)</source>
        <translation>Administrator (verwaltet auch Benutzer)</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Adresse:</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <source>The address to listen on. 127.0.0.1 (the default) is reachable only from this computer.</source>
        <translation>Die Adresse, auf der gelauscht wird. 127.0.0.1 (die Voreinstellung) ist nur von diesem Computer aus erreichbar.</translation>
    </message>
    <message>
        <source>0 picks any free port.</source>
        <translation>0 wählt einen beliebigen freien Port.</translation>
    </message>
    <message>
        <source>Listening address</source>
        <translation>Adresse, auf der gelauscht wird</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>&lt;b&gt;Users of the API&lt;/b&gt;</source>
        <translation>&lt;b&gt;Benutzer der API&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>Letzte Anmeldung</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;E-Mail:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;wort:</translation>
    </message>
    <message>
        <source>R&amp;ole:</source>
        <translation>R&amp;olle:</translation>
    </message>
    <message>
        <source>at least %1 characters, not the email</source>
        <translation>mindestens %1 Zeichen, nicht die E-Mail-Adresse</translation>
    </message>
    <message>
        <source>&amp;Add User</source>
        <translation>Benutzer &amp;hinzufügen</translation>
    </message>
    <message>
        <source>Re&amp;move User…</source>
        <translation>Benutzer ent&amp;fernen…</translation>
    </message>
    <message>
        <source>“%1” is not an IP address (e.g. 127.0.0.1, ::1 or 0.0.0.0).</source>
        <translation>„%1“ ist keine IP-Adresse (z. B. 127.0.0.1, ::1 oder 0.0.0.0).</translation>
    </message>
    <message>
        <source>Cannot start on %1:%2: %3</source>
        <translation>Start auf %1:%2 nicht möglich: %3</translation>
    </message>
    <message>
        <source>S&amp;top Server</source>
        <translation>Server s&amp;toppen</translation>
    </message>
    <message>
        <source>&amp;Start Server</source>
        <translation>Server &amp;starten</translation>
    </message>
    <message>
        <source>&lt;b&gt;Running&lt;/b&gt; at &lt;a href=&quot;%1&quot;&gt;%1&lt;/a&gt; · documentation: &lt;a href=&quot;%1api/openapi.json&quot;&gt;%1api/openapi.json&lt;/a&gt;</source>
        <translation>&lt;b&gt;Läuft&lt;/b&gt; unter &lt;a href=&quot;%1&quot;&gt;%1&lt;/a&gt; · Dokumentation: &lt;a href=&quot;%1api/openapi.json&quot;&gt;%1api/openapi.json&lt;/a&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Stopped&lt;/b&gt; — %1</source>
        <translation>&lt;b&gt;Gestoppt&lt;/b&gt; — %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Stopped&lt;/b&gt;</source>
        <translation>&lt;b&gt;Gestoppt&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Warning: %1 is not a loopback address. Anyone who can reach this computer on the network may try to sign in and, with an account, read your data. Prefer 127.0.0.1 unless you need remote access, and use strong passwords.</source>
        <translation>Warnung: %1 ist keine Loopback-Adresse. Jeder, der diesen Computer über das Netzwerk erreicht, kann versuchen, sich anzumelden, und mit einem Konto Ihre Daten lesen. Bleiben Sie bei 127.0.0.1, sofern Sie keinen Fernzugriff brauchen, und verwenden Sie starke Passwörter.</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>Cannot list the users: %1</source>
        <translation>Die Benutzer können nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <source>Email: “%1” is not a valid address (%2).</source>
        <translation>E-Mail: „%1“ ist keine gültige Adresse (%2).</translation>
    </message>
    <message>
        <source>Password: %1</source>
        <translation>Passwort: %1</translation>
    </message>
    <message>
        <source>Adding %1…</source>
        <translation>%1 wird hinzugefügt…</translation>
    </message>
    <message>
        <source>Added %1 as %2.</source>
        <translation>%1 als %2 hinzugefügt.</translation>
    </message>
    <message>
        <source>Could not add %1: %2</source>
        <translation>%1 konnte nicht hinzugefügt werden: %2</translation>
    </message>
    <message>
        <source>Remove User</source>
        <translation>Benutzer entfernen</translation>
    </message>
    <message>
        <source>Remove %1? They can no longer sign in to the API, and their sessions end.</source>
        <translation>%1 entfernen? Die Person kann sich dann nicht mehr bei der API anmelden, und ihre Sitzungen enden.</translation>
    </message>
    <message>
        <source>Removed %1.</source>
        <translation>%1 entfernt.</translation>
    </message>
    <message>
        <source>Could not remove %1: %2</source>
        <translation>%1 konnte nicht entfernt werden: %2</translation>
    </message>
    <message>
        <source>Self-&amp;signup:</source>
        <translation>Selbst&amp;registrierung:</translation>
    </message>
    <message>
        <source>open, new users are viewers</source>
        <translation>offen, neue Benutzer sind Betrachter</translation>
    </message>
    <message>
        <source>open, new users are analysts (may import and run analyses)</source>
        <translation>offen, neue Benutzer sind Analysten (dürfen importieren und Analysen starten)</translation>
    </message>
    <message>
        <source>closed (only users added here)</source>
        <translation>geschlossen (nur hier hinzugefügte Benutzer)</translation>
    </message>
    <message>
        <source>Who may create an account on the sign-up page. The first account always becomes admin; signup is only open while the server listens on a loopback address.</source>
        <translation>Wer auf der Registrierungsseite ein Konto anlegen darf. Das erste Konto wird immer Administrator; die Registrierung ist nur offen, solange der Server auf einer Loopback-Adresse lauscht.</translation>
    </message>
    <message>
        <source>Allowed &amp;web origins:</source>
        <translation>Erlaubte Web-&amp;Ursprünge:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Web pages from these origins may call the API from the browser (CORS), separated by spaces: e.g. http://localhost:* https://dash.example.com. “none” turns this off.</source>
        <translation>Webseiten von diesen Ursprüngen dürfen die API aus dem Browser aufrufen (CORS), durch Leerzeichen getrennt: z. B. http://localhost:* https://dash.example.com. „none“ schaltet dies ab.</translation>
    </message>
    <message>
        <source>Allowed web origins</source>
        <translation>Erlaubte Web-Ursprünge</translation>
    </message>
    <message>
        <source>Allowed web origins: %1</source>
        <translation>Erlaubte Web-Ursprünge: %1</translation>
    </message>
</context>
<context>
    <name>Ui::BatchesView</name>
    <message>
        <source>Id</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <source>Inserted</source>
        <translation>Eingefügt</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>Duplikate</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>&amp;Delete Import…</source>
        <translation>Import &amp;löschen…</translation>
    </message>
    <message>
        <source>Removes the events of this import and recomputes the daily KPIs of its days.</source>
        <translation>Entfernt die Ereignisse dieses Imports und berechnet die Tageskennzahlen seiner Tage neu.</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Delete Import</source>
        <translation>Import löschen</translation>
    </message>
    <message>
        <source>Delete import %1 and all the events it stored? The daily KPIs of its days are recomputed. This cannot be undone.</source>
        <translation>Import %1 und alle darin gespeicherten Ereignisse löschen? Die Tageskennzahlen seiner Tage werden neu berechnet. Dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>&amp;Rejected Rows…</source>
        <translation>&amp;Abgelehnte Zeilen…</translation>
    </message>
    <message>
        <source>Every row the selected import rejected, with the reason (or double-click the import).</source>
        <translation>Jede Zeile, die der gewählte Import abgelehnt hat, mit Grund (oder Doppelklick auf den Import).</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>with warnings</source>
        <translation>mit Warnungen</translation>
    </message>
    <message>
        <source>stored</source>
        <translation>gespeichert</translation>
    </message>
    <message>
        <source>%1 (%2 already stored, %3 repeated in the file)</source>
        <translation>%1 (%2 bereits gespeichert, %3 in der Datei wiederholt)</translation>
    </message>
    <message>
        <source>Cannot delete import %1</source>
        <translation>Import %1 kann nicht gelöscht werden</translation>
    </message>
</context>
<context>
    <name>Ui::ChartExport</name>
    <message>
        <source>PNG image</source>
        <translation>PNG-Bild</translation>
    </message>
    <message>
        <source>SVG drawing</source>
        <translation>SVG-Zeichnung</translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation>PDF-Dokument</translation>
    </message>
    <message>
        <source>CSV of the plotted points</source>
        <translation>CSV der dargestellten Punkte</translation>
    </message>
    <message>
        <source>%1 (lower)</source>
        <translation>%1 (untere Grenze)</translation>
    </message>
    <message>
        <source>%1 (upper)</source>
        <translation>%1 (obere Grenze)</translation>
    </message>
    <message>
        <source>No file name given for the export.</source>
        <translation>Für den Export wurde kein Dateiname angegeben.</translation>
    </message>
    <message>
        <source>The export size must be between 100 and 10,000 pixels each way.</source>
        <translation>Die Exportgröße muss in Breite und Höhe jeweils zwischen 100 und 10.000 Pixeln liegen.</translation>
    </message>
    <message>
        <source>Exported from SmartData</source>
        <translation>Aus SmartData exportiert</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>Ui::ChartExportDialog</name>
    <message>
        <source>Export Chart</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <source>&amp;Size:</source>
        <translation>&amp;Größe:</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>%1 (*.%2)</source>
        <translation>%1 (*.%2)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>Ui::ChartText</name>
    <message>
        <source>weeks: %1</source>
        <translation>Wochen: %1</translation>
    </message>
    <message>
        <source>months: %1</source>
        <translation>Monate: %1</translation>
    </message>
    <message>
        <source>quarters: %1</source>
        <translation>Quartale: %1</translation>
    </message>
    <message>
        <source>days: %1</source>
        <translation>Tage: %1</translation>
    </message>
    <message>
        <source>%1 per week</source>
        <translation>%1 pro Woche</translation>
    </message>
    <message>
        <source>%1 per month</source>
        <translation>%1 pro Monat</translation>
    </message>
    <message>
        <source>%1 per quarter</source>
        <translation>%1 pro Quartal</translation>
    </message>
    <message>
        <source>%1 per day</source>
        <translation>%1 pro Tag</translation>
    </message>
    <message>
        <source>weeks</source>
        <translation>Wochen</translation>
    </message>
    <message>
        <source>months</source>
        <translation>Monate</translation>
    </message>
    <message>
        <source>quarters</source>
        <translation>Quartale</translation>
    </message>
    <message>
        <source>days</source>
        <translation>Tage</translation>
    </message>
    <message>
        <source>1 week</source>
        <translation>1 Woche</translation>
    </message>
    <message>
        <source>%1 weeks</source>
        <translation>%1 Wochen</translation>
    </message>
    <message>
        <source>1 month</source>
        <translation>1 Monat</translation>
    </message>
    <message>
        <source>%1 months</source>
        <translation>%1 Monate</translation>
    </message>
    <message>
        <source>1 quarter</source>
        <translation>1 Quartal</translation>
    </message>
    <message>
        <source>%1 quarters</source>
        <translation>%1 Quartale</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1 Tag</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 Tage</translation>
    </message>
</context>
<context>
    <name>Ui::ChartView</name>
    <message>
        <source>Drag to zoom, Shift+drag or middle button to pan, double click or Home to reset; right click for more.</source>
        <translation>Ziehen zum Zoomen, Umschalt+Ziehen oder mittlere Maustaste zum Verschieben, Doppelklick oder Pos1 zum Zurücksetzen; Rechtsklick für weitere Aktionen.</translation>
    </message>
    <message>
        <source>Reset &amp;zoom</source>
        <translation>&amp;Zoom zurücksetzen</translation>
    </message>
</context>
<context>
    <name>Ui::DailyRowsCsv</name>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>Ui::DashboardSnapshot</name>
    <message>
        <source>beyond range</source>
        <translation>außerhalb des Bereichs</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>total: %1</source>
        <translation>Summe: %1</translation>
    </message>
    <message>
        <source>events: %1</source>
        <translation>Ereignisse: %1</translation>
    </message>
    <message>
        <source>average: %1</source>
        <translation>Durchschnitt: %1</translation>
    </message>
    <message>
        <source>most users in a day: %1</source>
        <translation>höchste Benutzerzahl an einem Tag: %1</translation>
    </message>
    <message>
        <source>lowest: %1</source>
        <translation>Tiefstwert: %1</translation>
    </message>
    <message>
        <source>highest: %1</source>
        <translation>Höchstwert: %1</translation>
    </message>
</context>
<context>
    <name>Ui::ErrorPresenter</name>
    <message>
        <source>Cannot use this input</source>
        <translation>Diese Eingabe kann nicht verwendet werden</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Nicht gefunden</translation>
    </message>
    <message>
        <source>Already in progress</source>
        <translation>Läuft bereits</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Etwas ist schiefgelaufen</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>%1 (code %2)</source>
        <translation>%1 (Code %2)</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
</context>
<context>
    <name>Ui::ForecastChart</name>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>Forecast horizon in days</source>
        <translation>Prognosehorizont in Tagen</translation>
    </message>
    <message>
        <source>Run forecast</source>
        <translation>Prognose berechnen</translation>
    </message>
    <message>
        <source>&amp;Horizon:</source>
        <translation>&amp;Horizont:</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;background:%1;color:white;font-weight:bold;padding:4px&apos;&gt;&amp;nbsp;%2&amp;nbsp;&lt;/span&gt;&amp;nbsp;reliability %3/100 · backtest of %4</source>
        <translation>&lt;span style=&apos;background:%1;color:white;font-weight:bold;padding:4px&apos;&gt;&amp;nbsp;%2&amp;nbsp;&lt;/span&gt;&amp;nbsp;Zuverlässigkeit %3/100 · Backtest mit %4</translation>
    </message>
    <message>
        <source>1 fold</source>
        <translation>1 Fold</translation>
    </message>
    <message>
        <source>%1 folds</source>
        <translation>%1 Folds</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;background:%1;color:white;padding:4px&apos;&gt;&amp;nbsp;?&amp;nbsp;&lt;/span&gt; not graded (too little history to backtest)</source>
        <translation>&lt;span style=&apos;background:%1;color:white;padding:4px&apos;&gt;&amp;nbsp;?&amp;nbsp;&lt;/span&gt; nicht bewertet (zu wenig Verlauf für einen Backtest)</translation>
    </message>
    <message>
        <source>No forecast yet</source>
        <translation>Noch keine Prognose</translation>
    </message>
    <message>
        <source>&lt;br&gt;Fallback: %1</source>
        <translation>&lt;br&gt;Ersatzverfahren: %1</translation>
    </message>
    <message>
        <source>Choose a horizon and run a forecast.</source>
        <translation>Wählen Sie einen Horizont und berechnen Sie eine Prognose.</translation>
    </message>
    <message>
        <source>95% interval</source>
        <translation>95-%-Intervall</translation>
    </message>
    <message>
        <source>80% interval</source>
        <translation>80-%-Intervall</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>Prognose</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (day +%2)&lt;br&gt;Forecast: %3&lt;br&gt;80%: %4 – %5&lt;br&gt;95%: %6 – %7</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (Tag +%2)&lt;br&gt;Prognose: %3&lt;br&gt;80 %: %4 – %5&lt;br&gt;95 %: %6 – %7</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Observed: %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Beobachtet: %2</translation>
    </message>
    <message>
        <source>Last observed day (%1)</source>
        <translation>Letzter beobachteter Tag (%1)</translation>
    </message>
    <message>
        <source> months</source>
        <translation> Monate</translation>
    </message>
    <message>
        <source>Forecast horizon in months</source>
        <translation>Prognosehorizont in Monaten</translation>
    </message>
    <message>
        <source> weeks</source>
        <translation> Wochen</translation>
    </message>
    <message>
        <source>Forecast horizon in weeks</source>
        <translation>Prognosehorizont in Wochen</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (month +%2)&lt;br&gt;Forecast: %3&lt;br&gt;80%: %4 – %5&lt;br&gt;95%: %6 – %7</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (Monat +%2)&lt;br&gt;Prognose: %3&lt;br&gt;80 %: %4 – %5&lt;br&gt;95 %: %6 – %7</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (week +%2)&lt;br&gt;Forecast: %3&lt;br&gt;80%: %4 – %5&lt;br&gt;95%: %6 – %7</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (Woche +%2)&lt;br&gt;Prognose: %3&lt;br&gt;80 %: %4 – %5&lt;br&gt;95 %: %6 – %7</translation>
    </message>
    <message>
        <source> quarters</source>
        <translation> Quartale</translation>
    </message>
    <message>
        <source>Forecast horizon in quarters</source>
        <translation>Prognosehorizont in Quartalen</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (quarter +%2)&lt;br&gt;Forecast: %3&lt;br&gt;80%: %4 – %5&lt;br&gt;95%: %6 – %7</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (Quartal +%2)&lt;br&gt;Prognose: %3&lt;br&gt;80 %: %4 – %5&lt;br&gt;95 %: %6 – %7</translation>
    </message>
    <message>
        <source>Whole history</source>
        <translation>Gesamter Verlauf</translation>
    </message>
    <message>
        <source>Show all the history of the range, not only the recent part before the forecast.</source>
        <translation>Den gesamten Verlauf des Zeitraums zeigen, nicht nur den jüngsten Teil vor der Prognose.</translation>
    </message>
    <message>
        <source>Export chart…</source>
        <translation>Diagramm exportieren…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Save the chart as PNG, SVG or PDF, or its plotted points as CSV.</source>
        <translation>Das Diagramm als PNG, SVG oder PDF speichern oder seine dargestellten Punkte als CSV.</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <comment>source · chart title</comment>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Model: &lt;b&gt;%1&lt;/b&gt; · fitted on %2 %3 from %4 to %5</source>
        <translation>Modell: &lt;b&gt;%1&lt;/b&gt; · angepasst an %2 %3 vom %4 bis %5</translation>
    </message>
    <message>
        <source>&lt;br&gt;Intervals cut at 0: the metric has never been negative (truncation; the model is not refitted).</source>
        <translation>&lt;br&gt;Intervalle bei 0 abgeschnitten: Die Metrik war nie negativ (Trunkierung; das Modell wird nicht neu angepasst).</translation>
    </message>
    <message>
        <source>ARIMA</source>
        <translation>ARIMA</translation>
    </message>
    <message>
        <source>ETS</source>
        <translation>ETS</translation>
    </message>
    <message>
        <source>Theta</source>
        <translation>Theta</translation>
    </message>
    <message>
        <source>Combination</source>
        <translation>Kombination</translation>
    </message>
    <message>
        <source>Mo&amp;del:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>Auto compares ARIMA, ETS, Theta and their combination in a backtest of the series and keeps the best; the others fit that family.</source>
        <translation>„Automatisch“ vergleicht ARIMA, ETS, Theta und ihre Kombination in einem Backtest der Reihe und behält das beste Verfahren; die anderen Einträge passen genau dieses Verfahren an.</translation>
    </message>
    <message>
        <source>&lt;br&gt;Chosen: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>&lt;br&gt;Gewählt: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;br&gt;Asked for: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>&lt;br&gt;Angefordert: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source> · %1</source>
        <translation> · %1</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>family MASE</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>&lt;br&gt;Backtest MASE: %1</source>
        <translation>&lt;br&gt;Backtest-MASE: %1</translation>
    </message>
    <message>
        <source>&lt;br&gt;Transform: %1</source>
        <translation>&lt;br&gt;Transformation: %1</translation>
    </message>
    <message>
        <source>Rolling-origin backtest, graded by:
%1</source>
        <translation>Backtest mit rollierendem Ursprung, bewertet nach:
%1</translation>
    </message>
    <message>
        <source>

This run: sMAPE %1% → accuracy %2</source>
        <translation>

Dieser Lauf: sMAPE %1 % → Genauigkeit %2</translation>
    </message>
    <message>
        <source>; r = %1 → skill %2</source>
        <translation>; r = %1 → Güte %2</translation>
    </message>
    <message>
        <source>; no seasonal-naive reference, so the score is the accuracy alone</source>
        <translation>; keine saisonal-naive Referenz, daher ist der Wert allein die Genauigkeit</translation>
    </message>
    <message>
        <source>; score %1.</source>
        <translation>; Wert %1.</translation>
    </message>
</context>
<context>
    <name>Ui::ImportDialog</name>
    <message>
        <source>%1 does not exist.</source>
        <translation>%1 existiert nicht.</translation>
    </message>
    <message>
        <source>%1 is a folder; drop the event files inside it.</source>
        <translation>%1 ist ein Ordner; ziehen Sie die Ereignisdateien darin hierher.</translation>
    </message>
    <message>
        <source>%1 is not an event file SmartData reads. Drop CSV/TSV (.csv, .tsv, .txt), JSON (.json) or NDJSON (.ndjson, .jsonl) files, optionally gzip-compressed (.gz).</source>
        <translation>%1 ist keine Ereignisdatei, die SmartData liest. Ziehen Sie CSV/TSV- (.csv, .tsv, .txt), JSON- (.json) oder NDJSON-Dateien (.ndjson, .jsonl) hierher, optional gzip-komprimiert (.gz).</translation>
    </message>
    <message>
        <source>Import %1</source>
        <translation>%1 importieren</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 wird gelesen…</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Timestamp (UTC)</source>
        <translation>Zeitstempel (UTC)</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Metrik</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Event id</source>
        <translation>Ereignis-ID</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>(automatic)</source>
        <translation>(automatisch)</translation>
    </message>
    <message>
        <source>Detect</source>
        <translation>Erkennen</translation>
    </message>
    <message>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>NDJSON</source>
        <translation>NDJSON</translation>
    </message>
    <message>
        <source>Tolerant: keep valid rows, report the others</source>
        <translation>Tolerant: gültige Zeilen behalten, die anderen melden</translation>
    </message>
    <message>
        <source>Strict: one invalid row rejects the file</source>
        <translation>Strikt: eine ungültige Zeile weist die Datei zurück</translation>
    </message>
    <message>
        <source>The zone of timestamps that carry no offset.</source>
        <translation>Die Zeitzone von Zeitstempeln ohne Versatzangabe.</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <source>&amp;Mode:</source>
        <translation>&amp;Modus:</translation>
    </message>
    <message>
        <source>&amp;Timezone:</source>
        <translation>&amp;Zeitzone:</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Spalte</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importieren</translation>
    </message>
    <message>
        <source>Format: %1</source>
        <translation>Format: %1</translation>
    </message>
    <message>
        <source>delimiter: %1</source>
        <translation>Trennzeichen: %1</translation>
    </message>
    <message>
        <source>columns: %1</source>
        <translation>Spalten: %1</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <source>%1 rows inserted</source>
        <translation>%1 Zeilen eingefügt</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Import cancelled. Nothing was stored.</source>
        <translation>Import abgebrochen. Es wurde nichts gespeichert.</translation>
    </message>
    <message>
        <source>Import failed: %1 Nothing was stored.</source>
        <translation>Import fehlgeschlagen: %1 Es wurde nichts gespeichert.</translation>
    </message>
    <message>
        <source>&lt;p&gt;Metrics: %1 · Sources: %2&lt;/p&gt;</source>
        <translation>&lt;p&gt;Metriken: %1 · Quellen: %2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Rejected by reason:&lt;/p&gt;&lt;ul&gt;</source>
        <translation>&lt;p&gt;Abgelehnt nach Grund:&lt;/p&gt;&lt;ul&gt;</translation>
    </message>
    <message>
        <source>Timestamp</source>
        <translation>Zeitstempel</translation>
    </message>
    <message>
        <source>User id</source>
        <translation>Benutzer-ID</translation>
    </message>
    <message>
        <source>Read “,” as the decimal mark</source>
        <translation>„,“ als Dezimalzeichen lesen</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>The day the row&apos;s value counts on in the daily KPIs.</source>
        <translation>Der Tag, auf den der Wert der Zeile in den Tages-KPIs zählt.</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Spalten</translation>
    </message>
    <message>
        <source>Column for %1</source>
        <translation>Spalte für %1</translation>
    </message>
    <message>
        <source>The metric of rows without a metric column or with an empty metric.</source>
        <translation>Die Metrik von Zeilen ohne Metrik-Spalte oder mit leerer Metrik.</translation>
    </message>
    <message>
        <source>Metric &amp;name:</source>
        <translation>Metrik&amp;name:</translation>
    </message>
    <message>
        <source>Use the file&apos;s source &amp;column:</source>
        <translation>&amp;Quellspalte der Datei verwenden:</translation>
    </message>
    <message>
        <source>&amp;One source for all rows:</source>
        <translation>&amp;Eine Quelle für alle Zeilen:</translation>
    </message>
    <message>
        <source>Source name</source>
        <translation>Quellname</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>Einlesen</translation>
    </message>
    <message>
        <source>Point: 1234.56</source>
        <translation>Punkt: 1234.56</translation>
    </message>
    <message>
        <source>Comma: 1234,56</source>
        <translation>Komma: 1234,56</translation>
    </message>
    <message>
        <source>Infer from the size</source>
        <translation>Aus der Größe ableiten</translation>
    </message>
    <message>
        <source>Seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>Milliseconds</source>
        <translation>Millisekunden</translation>
    </message>
    <message>
        <source>The unit of timestamps written as numbers since 1970.</source>
        <translation>Die Einheit von Zeitstempeln, die als Zahl seit 1970 geschrieben sind.</translation>
    </message>
    <message>
        <source>&amp;Decimal mark:</source>
        <translation>&amp;Dezimalzeichen:</translation>
    </message>
    <message>
        <source>&amp;Epoch unit:</source>
        <translation>&amp;Epoch-Einheit:</translation>
    </message>
    <message>
        <source>(automatic: no column found)</source>
        <translation>(automatisch: keine Spalte gefunden)</translation>
    </message>
    <message>
        <source>(automatic: %1)</source>
        <translation>(automatisch: %1)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>The file has no source column: every row goes to “%1”.</source>
        <translation>Die Datei hat keine Quellspalte: Jede Zeile geht an „%1“.</translation>
    </message>
    <message>
        <source>Each row goes to the source named in its “%1” column; rows with an empty one go to “%2”.</source>
        <translation>Jede Zeile geht an die Quelle in ihrer Spalte „%1“; Zeilen mit leerer Spalte gehen an „%2“.</translation>
    </message>
    <message>
        <source>Every row goes to this source.</source>
        <translation>Jede Zeile geht an diese Quelle.</translation>
    </message>
    <message>
        <source>Every row goes to this source; the file&apos;s “%1” column is not used.</source>
        <translation>Jede Zeile geht an diese Quelle; die Spalte „%1“ der Datei wird nicht verwendet.</translation>
    </message>
    <message>
        <source>%1: the file has no column “%2”.</source>
        <translation>%1: Die Datei hat keine Spalte „%2“.</translation>
    </message>
    <message>
        <source>%1: no column is chosen and none is named like one. Choose the column that holds it.</source>
        <translation>%1: Keine Spalte ist gewählt und keine heißt so. Wählen Sie die Spalte, die ihn enthält.</translation>
    </message>
    <message>
        <source>%1 (%2: “%3”)</source>
        <translation>%1 (%2: „%3“)</translation>
    </message>
    <message>
        <source>row</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Timestamps in this file carry the offset %1. Days are counted in %2 (the database&apos;s KPI timezone), so each day is cut at %3 of the file&apos;s time.</source>
        <translation>Die Zeitstempel dieser Datei tragen den Versatz %1. Tage werden in %2 gezählt (der KPI-Zeitzone der Datenbank), also endet jeder Tag um %3 in der Zeit der Datei.</translation>
    </message>
    <message>
        <source>Line %1 (%2) counts on %3.</source>
        <translation>Zeile %1 (%2) zählt auf den %3.</translation>
    </message>
    <message>
        <source>Count days in %1</source>
        <translation>Tage in %1 zählen</translation>
    </message>
    <message>
        <source>Makes %1 the database&apos;s KPI timezone: the days of this and later imports are cut at midnight there. Days already stored keep theirs.</source>
        <translation>Macht %1 zur KPI-Zeitzone der Datenbank: Die Tage dieses und späterer Importe enden dort um Mitternacht. Bereits gespeicherte Tage bleiben, wie sie sind.</translation>
    </message>
    <message>
        <source>No row of %1 could be stored.</source>
        <translation>Keine Zeile von %1 konnte gespeichert werden.</translation>
    </message>
    <message>
        <source>Import of %1 failed</source>
        <translation>Import von %1 fehlgeschlagen</translation>
    </message>
    <message>
        <source>Imported %1 with warnings</source>
        <translation>%1 mit Warnungen importiert</translation>
    </message>
    <message>
        <source>Imported %1</source>
        <translation>%1 importiert</translation>
    </message>
    <message>
        <source>&lt;p&gt;%1 rows read · &lt;b&gt;%2 inserted&lt;/b&gt; · %3 already stored · %4 repeated inside this file · %5 rejected&lt;/p&gt;</source>
        <translation>&lt;p&gt;%1 Zeilen gelesen · &lt;b&gt;%2 eingefügt&lt;/b&gt; · %3 bereits gespeichert · %4 in dieser Datei wiederholt · %5 abgelehnt&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Every row was rejected, so nothing was stored. The rejected rows are kept: review them in Import history, fix them and import them again.</source>
        <translation>Jede Zeile wurde abgelehnt, daher wurde nichts gespeichert. Die abgelehnten Zeilen bleiben erhalten: Prüfen Sie sie im Importverlauf, korrigieren Sie sie und importieren Sie sie erneut.</translation>
    </message>
    <message>
        <source>%1 of %2 rows (%3%) were rejected: more than %4% of the file. Check the mapping and the number and date settings before relying on these numbers.</source>
        <translation>%1 von %2 Zeilen (%3 %) wurden abgelehnt: mehr als %4 % der Datei. Prüfen Sie die Zuordnung und die Zahlen- und Datumseinstellungen, bevor Sie sich auf diese Zahlen verlassen.</translation>
    </message>
    <message>
        <source>%1 rows (%2% of the file) repeat an earlier row of this file in every column; each was stored once. If they are separate events, give the file an event id column.</source>
        <translation>%1 Zeilen (%2 % der Datei) wiederholen eine frühere Zeile dieser Datei in jeder Spalte; jede wurde einmal gespeichert. Sind es getrennte Ereignisse, geben Sie der Datei eine Ereignis-ID-Spalte.</translation>
    </message>
    <message>
        <source>All %1 &amp;Rejected Rows…</source>
        <translation>Alle %1 &amp;abgelehnten Zeilen…</translation>
    </message>
    <message>
        <source>not read yet: %1</source>
        <translation>noch nicht gelesen: %1</translation>
    </message>
    <message>
        <source>Detect from the file</source>
        <translation>Aus der Datei erkennen</translation>
    </message>
    <message>
        <source>None: 1234567</source>
        <translation>Keins: 1234567</translation>
    </message>
    <message>
        <source>Comma: 1,234,567</source>
        <translation>Komma: 1,234,567</translation>
    </message>
    <message>
        <source>Point: 1.234.567</source>
        <translation>Punkt: 1.234.567</translation>
    </message>
    <message>
        <source>Space: 1 234 567</source>
        <translation>Leerzeichen: 1 234 567</translation>
    </message>
    <message>
        <source>Apostrophe: 1&apos;234&apos;567</source>
        <translation>Apostroph: 1&apos;234&apos;567</translation>
    </message>
    <message>
        <source>Year first: 2024/12/31</source>
        <translation>Jahr zuerst: 2024/12/31</translation>
    </message>
    <message>
        <source>Day first: 31.12.2024</source>
        <translation>Tag zuerst: 31.12.2024</translation>
    </message>
    <message>
        <source>Month first: 12/31/2024</source>
        <translation>Monat zuerst: 12/31/2024</translation>
    </message>
    <message>
        <source>ISO 8601 dates (2024-12-31) are read in every setting.</source>
        <translation>ISO-8601-Daten (2024-12-31) werden in jeder Einstellung gelesen.</translation>
    </message>
    <message>
        <source>e.g. dd.MM.yyyy HH:mm (optional)</source>
        <translation>z. B. dd.MM.yyyy HH:mm (optional)</translation>
    </message>
    <message>
        <source>An exact date format; it wins over the date order. Qt style (dd.MM.yyyy) or strftime style (%d.%m.%Y).</source>
        <translation>Ein genaues Datumsformat; es hat Vorrang vor der Datumsreihenfolge. Qt-Stil (dd.MM.yyyy) oder strftime-Stil (%d.%m.%Y).</translation>
    </message>
    <message>
        <source>T&amp;housands:</source>
        <translation>&amp;Tausender:</translation>
    </message>
    <message>
        <source>Date &amp;order:</source>
        <translation>Datums&amp;reihenfolge:</translation>
    </message>
    <message>
        <source>Date for&amp;mat:</source>
        <translation>Datumsfor&amp;mat:</translation>
    </message>
    <message>
        <source>The sum of %1 on %2 is beyond ±1.8e308 and is not stored; its count, average, minimum and maximum are.</source>
        <translation>Die Summe von %1 am %2 liegt außerhalb von ±1.8e308 und wird nicht gespeichert; Anzahl, Durchschnitt, Minimum und Maximum werden gespeichert.</translation>
    </message>
    <message numerus="yes">
        <source>The sums of %n more days are beyond ±1.8e308 and are not stored.</source>
        <translation>
            <numerusform>Die Summe eines weiteren Tages liegt außerhalb von ±1.8e308 und wird nicht gespeichert.</numerusform>
            <numerusform>Die Summen von %n weiteren Tagen liegen außerhalb von ±1.8e308 und werden nicht gespeichert.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Ui::JobsView</name>
    <message>
        <source>Job</source>
        <translation>Job</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Zeitplan</translation>
    </message>
    <message>
        <source>Next run</source>
        <translation>Nächster Lauf</translation>
    </message>
    <message>
        <source>Last run</source>
        <translation>Letzter Lauf</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Progress / result</source>
        <translation>Fortschritt / Ergebnis</translation>
    </message>
    <message>
        <source>&lt;b&gt;Scheduled jobs&lt;/b&gt;</source>
        <translation>&lt;b&gt;Geplante Jobs&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Runs in this session&lt;/b&gt;</source>
        <translation>&lt;b&gt;Läufe in dieser Sitzung&lt;/b&gt;</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>%1 (scheduler off)</source>
        <translation>%1 (Planer aus)</translation>
    </message>
    <message>
        <source>Run now</source>
        <translation>Jetzt ausführen</translation>
    </message>
    <message>
        <source>Cannot run %1</source>
        <translation>%1 kann nicht ausgeführt werden</translation>
    </message>
</context>
<context>
    <name>Ui::KpiChart</name>
    <message>
        <source>Sum</source>
        <translation>Summe</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>Durchschnitt</translation>
    </message>
    <message>
        <source>Distinct users</source>
        <translation>Verschiedene Benutzer</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>score = %1 (below 0 = outlier; contamination %2)</source>
        <translation>Score = %1 (unter 0 = Ausreißer; Kontamination %2)</translation>
    </message>
    <message>
        <source>robust z</source>
        <translation>robuster z-Wert</translation>
    </message>
    <message>
        <source>z</source>
        <translation>z</translation>
    </message>
    <message>
        <source>%1 = %2 (|z| ≥ %3; same weekday of the last %4 weeks)</source>
        <translation>%1 = %2 (|z| ≥ %3; gleicher Wochentag der letzten %4 Wochen)</translation>
    </message>
    <message>
        <source>%1 = %2 (|z| ≥ %3; trailing %4-day window)</source>
        <translation>%1 = %2 (|z| ≥ %3; gleitendes Fenster von %4 Tagen)</translation>
    </message>
    <message>
        <source>%1 — no days in this range</source>
        <translation>%1 — keine Tage in diesem Zeitraum</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>Minimum</translation>
    </message>
    <message>
        <source>Maximum</source>
        <translation>Maximum</translation>
    </message>
    <message>
        <source>sum</source>
        <comment>inside a sentence: sum per day</comment>
        <translation>Summe</translation>
    </message>
    <message>
        <source>count</source>
        <comment>inside a sentence: count per day</comment>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>average</source>
        <comment>inside a sentence: average per day</comment>
        <translation>Durchschnitt</translation>
    </message>
    <message>
        <source>distinct users</source>
        <comment>inside a sentence: distinct users per day</comment>
        <translation>verschiedene Benutzer</translation>
    </message>
    <message>
        <source>minimum</source>
        <comment>inside a sentence: minimum per day</comment>
        <translation>Minimum</translation>
    </message>
    <message>
        <source>maximum</source>
        <comment>inside a sentence: maximum per day</comment>
        <translation>Maximum</translation>
    </message>
    <message>
        <source>%1 = %2 (|z| ≥ %3; trailing %4-week window)</source>
        <translation>%1 = %2 (|z| ≥ %3; gleitendes Fenster von %4 Wochen)</translation>
    </message>
    <message>
        <source>%1 = %2 (|z| ≥ %3; same month of the last %4 years)</source>
        <translation>%1 = %2 (|z| ≥ %3; gleicher Monat der letzten %4 Jahre)</translation>
    </message>
    <message>
        <source>%1 = %2 (|z| ≥ %3; trailing %4-month window)</source>
        <translation>%1 = %2 (|z| ≥ %3; gleitendes Fenster von %4 Monaten)</translation>
    </message>
    <message>
        <source>%1 = %2 (|z| ≥ %3; same quarter of the last %4 years)</source>
        <translation>%1 = %2 (|z| ≥ %3; gleiches Quartal der letzten %4 Jahre)</translation>
    </message>
    <message>
        <source>%1 = %2 (|z| ≥ %3; trailing %4-quarter window)</source>
        <translation>%1 = %2 (|z| ≥ %3; gleitendes Fenster von %4 Quartalen)</translation>
    </message>
    <message>
        <source>&amp;Roll up:</source>
        <translation>&amp;Gruppieren nach:</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <source>Draw a second series with this one: another metric on its own axis, or this metric in another source.</source>
        <translation>Eine zweite Reihe zusammen mit dieser zeichnen: eine andere Metrik auf eigener Achse oder diese Metrik in einer anderen Quelle.</translation>
    </message>
    <message>
        <source>Export chart…</source>
        <translation>Diagramm exportieren…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Save the chart as PNG, SVG or PDF, or its plotted points as CSV.</source>
        <translation>Das Diagramm als PNG, SVG oder PDF speichern oder seine dargestellten Punkte als CSV.</translation>
    </message>
    <message>
        <source>Show anomaly markers</source>
        <translation>Anomaliemarkierungen anzeigen</translation>
    </message>
    <message>
        <source>Clear anomaly markers</source>
        <translation>Anomaliemarkierungen entfernen</translation>
    </message>
    <message>
        <source>Distinct users do not add up over days (a user of two days counts once in the week); choose another aggregate to roll up.</source>
        <translation>Verschiedene Benutzer lassen sich nicht über Tage addieren (ein Benutzer an zwei Tagen zählt in der Woche einmal); wählen Sie zum Gruppieren einen anderen Wert.</translation>
    </message>
    <message>
        <source>The series is not daily.</source>
        <translation>Die Reihe ist keine Tagesreihe.</translation>
    </message>
    <message>
        <source>Show weeks or months: sums and counts add up, the average is the period&apos;s sum over its count, minimum and maximum those of its days. Anomaly markers flag days and are not drawn on a rolled-up chart.</source>
        <translation>Wochen oder Monate zeigen: Summen und Anzahlen werden addiert, der Durchschnitt ist die Summe des Zeitraums geteilt durch seine Anzahl, Minimum und Maximum sind die seiner Tage. Anomaliemarkierungen kennzeichnen Tage und werden in einem gruppierten Diagramm nicht gezeichnet.</translation>
    </message>
    <message>
        <source>Another metric (own axis)</source>
        <translation>Andere Metrik (eigene Achse)</translation>
    </message>
    <message>
        <source>Another metric of %1 (own axis)</source>
        <translation>Andere Metrik von %1 (eigene Achse)</translation>
    </message>
    <message>
        <source>This metric in another source</source>
        <translation>Diese Metrik in einer anderen Quelle</translation>
    </message>
    <message>
        <source>%1 in another source</source>
        <translation>%1 in einer anderen Quelle</translation>
    </message>
    <message>
        <source>Remove comparison</source>
        <translation>Vergleich entfernen</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <comment>source · chart title</comment>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Anomalies (%1)</source>
        <translation>Anomalien (%1)</translation>
    </message>
    <message>
        <source>Anomalies (%1): %2</source>
        <translation>Anomalien (%1): %2</translation>
    </message>
    <message>
        <source>Week of %1</source>
        <translation>Woche vom %1</translation>
    </message>
    <message>
        <source>%1 to %2 (%3 with data)</source>
        <translation>%1 bis %2 (%3 mit Daten)</translation>
    </message>
    <message>
        <source>%1: %2&lt;br&gt;Events: %3</source>
        <translation>%1: %2&lt;br&gt;Ereignisse: %3</translation>
    </message>
    <message>
        <source>Anomaly (%1): %2</source>
        <translation>Anomalie (%1): %2</translation>
    </message>
    <message>
        <source>Spike: %1 is %2 robust sd above the expected %3 (season and level; flagged from %4 sd)</source>
        <translation>Spitze: %1 liegt %2 robuste Standardabweichungen über dem erwarteten Wert %3 (Saison und Niveau; markiert ab %4)</translation>
    </message>
    <message>
        <source>Dip: %1 is %2 robust sd below the expected %3 (season and level; flagged from %4 sd)</source>
        <translation>Einbruch: %1 liegt %2 robuste Standardabweichungen unter dem erwarteten Wert %3 (Saison und Niveau; markiert ab %4)</translation>
    </message>
    <message>
        <source>Level shift: the level moved away from %1 by %2 noise sd (a shift needs %3) and stayed there; later days are judged against the new level</source>
        <translation>Niveauverschiebung: Das Niveau hat sich um %2 Rausch-Standardabweichungen von %1 entfernt (eine Verschiebung braucht %3) und ist dort geblieben; spätere Tage werden am neuen Niveau gemessen</translation>
    </message>
    <message>
        <source>robust z = %1 against the expected season and level (|z| ≥ %2)</source>
        <translation>robuster z-Wert = %1 gegenüber erwarteter Saison und erwartetem Niveau (|z| ≥ %2)</translation>
    </message>
</context>
<context>
    <name>Ui::LogModel</name>
    <message>
        <source>unreadable</source>
        <translation>unlesbar</translation>
    </message>
    <message>
        <source>This line is not a log entry; it is shown as it is in the file:
%1</source>
        <translation>Diese Zeile ist kein Protokolleintrag; sie wird so gezeigt, wie sie in der Datei steht:
%1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Kontext</translation>
    </message>
</context>
<context>
    <name>Ui::LogView</name>
    <message>
        <source>The log folder %1 does not exist yet.</source>
        <translation>Den Protokollordner %1 gibt es noch nicht.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>&amp;Level:</source>
        <translation>&amp;Stufe:</translation>
    </message>
    <message>
        <source>All levels</source>
        <translation>Alle Stufen</translation>
    </message>
    <message>
        <source>Info and above</source>
        <translation>Info und höher</translation>
    </message>
    <message>
        <source>Warnings and above</source>
        <translation>Warnungen und höher</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Nur Fehler</translation>
    </message>
    <message>
        <source>Minimum level</source>
        <translation>Mindeststufe</translation>
    </message>
    <message>
        <source>Shows entries of this level and above. Unreadable lines are always shown.</source>
        <translation>Zeigt Einträge dieser Stufe und höher. Unlesbare Zeilen werden immer gezeigt.</translation>
    </message>
    <message>
        <source>C&amp;ategory:</source>
        <translation>&amp;Kategorie:</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>Alle Kategorien</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Search messages and context</source>
        <translation>Meldungen und Kontext durchsuchen</translation>
    </message>
    <message>
        <source>Search the log</source>
        <translation>Protokoll durchsuchen</translation>
    </message>
    <message>
        <source>A&amp;uto-refresh</source>
        <translation>A&amp;utomatisch aktualisieren</translation>
    </message>
    <message>
        <source>Refresh automatically</source>
        <translation>Automatisch aktualisieren</translation>
    </message>
    <message>
        <source>Shows new entries as they are written while this view is open.</source>
        <translation>Zeigt neue Einträge, sobald sie geschrieben werden, solange diese Ansicht offen ist.</translation>
    </message>
    <message>
        <source>Refresh the log</source>
        <translation>Protokoll aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>Ko&amp;pieren</translation>
    </message>
    <message>
        <source>Copy the selected entries</source>
        <translation>Ausgewählte Einträge kopieren</translation>
    </message>
    <message>
        <source>Copies the selected entries as they are in the log file (Ctrl+C).</source>
        <translation>Kopiert die ausgewählten Einträge so, wie sie in der Protokolldatei stehen (Strg+C).</translation>
    </message>
    <message>
        <source>&amp;Open Log Folder</source>
        <translation>Protokoll&amp;ordner öffnen</translation>
    </message>
    <message>
        <source>Open the log folder</source>
        <translation>Protokollordner öffnen</translation>
    </message>
    <message>
        <source>Log entries</source>
        <translation>Protokolleinträge</translation>
    </message>
    <message>
        <source>Log status</source>
        <translation>Protokollstatus</translation>
    </message>
    <message>
        <source>Reading the log files…</source>
        <translation>Protokolldateien werden gelesen…</translation>
    </message>
    <message>
        <source>No log files in %1 yet.</source>
        <translation>Noch keine Protokolldateien in %1.</translation>
    </message>
    <message>
        <source>Showing %1 of %2 entries (newest first) from %3 in %4.</source>
        <translation>%1 von %2 Einträgen (neueste zuerst) aus %3 in %4.</translation>
    </message>
    <message>
        <source>Only the newest %1 entries or %2 MB are loaded; older entries are in the files in the log folder.</source>
        <translation>Nur die neuesten %1 Einträge bzw. %2 MB werden geladen; ältere Einträge stehen in den Dateien im Protokollordner.</translation>
    </message>
    <message>
        <source>Lines that are not log entries, shown as raw text: %1.</source>
        <translation>Zeilen, die keine Protokolleinträge sind (als Rohtext gezeigt): %1.</translation>
    </message>
    <message>
        <source>Could not open %1.</source>
        <translation>%1 konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>R&amp;efresh</source>
        <translation>Ak&amp;tualisieren</translation>
    </message>
</context>
<context>
    <name>Ui::MainWindow</name>
    <message>
        <source>%1

Database: %2</source>
        <translation>%1

Datenbank: %2</translation>
    </message>
    <message>
        <source>

This location was chosen in Settings. Start SmartData with --db PATH to open another database and change the setting there.</source>
        <translation>

Dieser Speicherort wurde in den Einstellungen gewählt. Starten Sie SmartData mit --db PFAD, um eine andere Datenbank zu öffnen, und ändern Sie die Einstellung dort.</translation>
    </message>
    <message>
        <source>SmartData cannot open its database</source>
        <translation>SmartData kann seine Datenbank nicht öffnen</translation>
    </message>
    <message>
        <source>SmartData</source>
        <translation>SmartData</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importieren…</translation>
    </message>
    <message>
        <source>Import &amp;Recent</source>
        <translation>&amp;Zuletzt importiert</translation>
    </message>
    <message>
        <source>Load &amp;Sample Data</source>
        <translation>Beispiel&amp;daten laden</translation>
    </message>
    <message>
        <source>Export Data as &amp;CSV…</source>
        <translation>Daten als &amp;CSV exportieren…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Find Metric</source>
        <translation>Metrik &amp;suchen</translation>
    </message>
    <message>
        <source>&amp;Trend and Anomalies</source>
        <translation>&amp;Trend und Anomalien</translation>
    </message>
    <message>
        <source>&amp;Forecast</source>
        <translation>&amp;Prognose</translation>
    </message>
    <message>
        <source>Import &amp;History</source>
        <translation>Import-&amp;Verlauf</translation>
    </message>
    <message>
        <source>&amp;Jobs</source>
        <translation>&amp;Jobs</translation>
    </message>
    <message>
        <source>&amp;API Server</source>
        <translation>API-Se&amp;rver</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About SmartData</source>
        <translation>&amp;Über SmartData</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>&lt;h2&gt;No data yet&lt;/h2&gt;&lt;p&gt;Drop CSV or JSON event files anywhere on this window to import them,&lt;br&gt;or choose File → Import (Ctrl+O).&lt;/p&gt;&lt;p&gt;A file needs a &lt;b&gt;timestamp&lt;/b&gt; and a &lt;b&gt;value&lt;/b&gt; column; &lt;b&gt;metric&lt;/b&gt;, &lt;b&gt;user_id&lt;/b&gt; and &lt;b&gt;event_id&lt;/b&gt; are optional.&lt;br&gt;CSV, TSV, JSON and NDJSON are read, also gzip-compressed.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Noch keine Daten&lt;/h2&gt;&lt;p&gt;Ziehen Sie CSV- oder JSON-Ereignisdateien an eine beliebige Stelle dieses Fensters, um sie zu importieren,&lt;br&gt;oder wählen Sie Datei → Importieren (Strg+O).&lt;/p&gt;&lt;p&gt;Eine Datei braucht eine Spalte &lt;b&gt;timestamp&lt;/b&gt; und eine Spalte &lt;b&gt;value&lt;/b&gt;; &lt;b&gt;metric&lt;/b&gt;, &lt;b&gt;user_id&lt;/b&gt; und &lt;b&gt;event_id&lt;/b&gt; sind optional.&lt;br&gt;Gelesen werden CSV, TSV, JSON und NDJSON, auch gzip-komprimiert.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Empty dashboard</source>
        <translation>Leeres Dashboard</translation>
    </message>
    <message>
        <source>Load sample data</source>
        <translation>Beispieldaten laden</translation>
    </message>
    <message>
        <source>One year of a small web shop&apos;s orders, page views and signups.</source>
        <translation>Ein Jahr Bestellungen, Seitenaufrufe und Anmeldungen eines kleinen Webshops.</translation>
    </message>
    <message>
        <source>Import a file…</source>
        <translation>Datei importieren…</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>Letzte 90 Tage</translation>
    </message>
    <message>
        <source>Last 365 days</source>
        <translation>Letzte 365 Tage</translation>
    </message>
    <message>
        <source>All days</source>
        <translation>Alle Tage</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Benutzerdefiniert</translation>
    </message>
    <message>
        <source>Counted back from the metric&apos;s last day with data.</source>
        <translation>Zurückgezählt vom letzten Tag der Metrik mit Daten.</translation>
    </message>
    <message>
        <source>Date range</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>Erster Tag</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>Letzter Tag</translation>
    </message>
    <message>
        <source>Value shown</source>
        <translation>Angezeigter Wert</translation>
    </message>
    <message>
        <source>&amp;Range:</source>
        <translation>&amp;Zeitraum:</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Anzeigen:</translation>
    </message>
    <message>
        <source>Trend and anomalies</source>
        <translation>Trend und Anomalien</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>Prognose</translation>
    </message>
    <message>
        <source>Import history</source>
        <translation>Import-Verlauf</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Jobs</translation>
    </message>
    <message>
        <source>API server</source>
        <translation>API-Server</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>Datenbank: %1</translation>
    </message>
    <message>
        <source>Counting events…</source>
        <translation>Ereignisse werden gezählt…</translation>
    </message>
    <message>
        <source>Events: %1 · daily rows: %2 · imports: %3</source>
        <translation>Ereignisse: %1 · Tageszeilen: %2 · Importe: %3</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 — loading…</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2 — wird geladen…</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: %2</translation>
    </message>
    <message>
        <source>Detecting anomalies…</source>
        <translation>Anomalien werden erkannt…</translation>
    </message>
    <message>
        <source>Forecasting… (fitting models and backtesting)</source>
        <translation>Prognose läuft… (Modelle werden angepasst und rückgetestet)</translation>
    </message>
    <message>
        <source>Started: %1</source>
        <translation>Gestartet: %1</translation>
    </message>
    <message>
        <source>%1: %2% %3</source>
        <translation>%1: %2 % %3</translation>
    </message>
    <message>
        <source>%1 finished: %2</source>
        <translation>%1 beendet: %2</translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <translation>%1 %2: %3</translation>
    </message>
    <message>
        <source>Import Events</source>
        <translation>Ereignisse importieren</translation>
    </message>
    <message>
        <source>Event files (*.csv *.tsv *.txt *.json *.ndjson *.jsonl *.gz);;All files (*)</source>
        <translation>Ereignisdateien (*.csv *.tsv *.txt *.json *.ndjson *.jsonl *.gz);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Cannot import this file</source>
        <translation>Diese Datei kann nicht importiert werden</translation>
    </message>
    <message>
        <source>The sample data is missing from this build.</source>
        <translation>Die Beispieldaten fehlen in diesem Build.</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Export Data</source>
        <translation>Daten exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Data saved to %1</source>
        <translation>Daten gespeichert unter %1</translation>
    </message>
    <message>
        <source>&amp;Log</source>
        <translation>Pr&amp;otokoll</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>the database location chosen in Settings</source>
        <translation>der in den Einstellungen gewählte Speicherort der Datenbank</translation>
    </message>
    <message>
        <source>View saved as &quot;%1&quot;</source>
        <translation>Ansicht als „%1“ gespeichert</translation>
    </message>
    <message>
        <source>The view &quot;%1&quot; shows %2/%3, which has no data now.</source>
        <translation>Die Ansicht „%1“ zeigt %2/%3, wofür derzeit keine Daten vorliegen.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 — %3, %4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2 — %3, %4</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Anomaly detection runs on the sum, count, average or distinct users; choose one of them under Show.</source>
        <translation>Die Anomalieerkennung arbeitet mit Summe, Anzahl, Durchschnitt oder verschiedenen Benutzern; wählen Sie einen dieser Werte unter „Anzeigen“.</translation>
    </message>
    <message>
        <source>Forecasts are fitted on the sum, count, average or distinct users; choose one of them under Show.</source>
        <translation>Prognosen werden an Summe, Anzahl, Durchschnitt oder verschiedene Benutzer angepasst; wählen Sie einen dieser Werte unter „Anzeigen“.</translation>
    </message>
    <message>
        <source>%1 — %2: history and forecast</source>
        <translation>%1 — %2: Verlauf und Prognose</translation>
    </message>
    <message>
        <source>Anomalous days found: %1.</source>
        <translation>Gefundene auffällige Tage: %1.</translation>
    </message>
    <message>
        <source>Saved &amp;Views</source>
        <translation>&amp;Gespeicherte Ansichten</translation>
    </message>
    <message>
        <source>&amp;Save Current View…</source>
        <translation>Aktuelle Ansicht &amp;speichern…</translation>
    </message>
    <message>
        <source>Save View</source>
        <translation>Ansicht speichern</translation>
    </message>
    <message>
        <source>Name of this view:</source>
        <translation>Name dieser Ansicht:</translation>
    </message>
    <message>
        <source>%1/%2</source>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Export &amp;Chart…</source>
        <translation>Dia&amp;gramm exportieren…</translation>
    </message>
</context>
<context>
    <name>Ui::MetricSidebar</name>
    <message>
        <source>Filter sources and metrics</source>
        <translation>Quellen und Metriken filtern</translation>
    </message>
    <message>
        <source>Sources and metrics</source>
        <translation>Quellen und Metriken</translation>
    </message>
    <message>
        <source>Days with data: %1</source>
        <translation>Tage mit Daten: %1</translation>
    </message>
</context>
<context>
    <name>Ui::RejectReason</name>
    <message>
        <source>not a date or time SmartData can read</source>
        <translation>kein Datum und keine Zeit, die SmartData lesen kann</translation>
    </message>
    <message>
        <source>date outside the years 0001–9999, or a negative epoch number</source>
        <translation>Datum außerhalb der Jahre 0001–9999 oder negative Epoch-Zahl</translation>
    </message>
    <message>
        <source>no timestamp</source>
        <translation>kein Zeitstempel</translation>
    </message>
    <message>
        <source>no value</source>
        <translation>kein Wert</translation>
    </message>
    <message>
        <source>the value is not a number</source>
        <translation>der Wert ist keine Zahl</translation>
    </message>
    <message>
        <source>the value is infinite or not a number (NaN)</source>
        <translation>der Wert ist unendlich oder keine Zahl (NaN)</translation>
    </message>
    <message>
        <source>text that is not valid UTF-8</source>
        <translation>Text, der kein gültiges UTF-8 ist</translation>
    </message>
    <message>
        <source>a different number of fields than the header</source>
        <translation>eine andere Anzahl Felder als die Kopfzeile</translation>
    </message>
    <message>
        <source>the line is not valid JSON</source>
        <translation>die Zeile ist kein gültiges JSON</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>kein JSON-Objekt</translation>
    </message>
    <message>
        <source>a source or metric name with control characters or over 200 characters</source>
        <translation>ein Quell- oder Metrikname mit Steuerzeichen oder über 200 Zeichen</translation>
    </message>
</context>
<context>
    <name>Ui::RejectedRowsDialog</name>
    <message>
        <source>Rejected rows of %1 (import %2)</source>
        <translation>Abgelehnte Zeilen von %1 (Import %2)</translation>
    </message>
    <message>
        <source>Reading the rejected rows…</source>
        <translation>Abgelehnte Zeilen werden gelesen…</translation>
    </message>
    <message>
        <source>&amp;Save to Fix and Import Again…</source>
        <translation>Zum Korrigieren und erneuten Importieren &amp;speichern…</translation>
    </message>
    <message>
        <source>Writes the rejected records as they were received (a CSV import&apos;s header first), ready to be corrected and imported again.</source>
        <translation>Schreibt die abgelehnten Datensätze so, wie sie empfangen wurden (bei CSV zuerst die Kopfzeile), bereit zum Korrigieren und erneuten Importieren.</translation>
    </message>
    <message>
        <source>This import rejected no rows.</source>
        <translation>Dieser Import hat keine Zeilen abgelehnt.</translation>
    </message>
    <message>
        <source>%1 rejected rows. Save them to a file, correct them there and import that file again.</source>
        <translation>%1 abgelehnte Zeilen. Speichern Sie sie in einer Datei, korrigieren Sie sie dort und importieren Sie diese Datei erneut.</translation>
    </message>
    <message>
        <source>Save Rejected Rows</source>
        <translation>Abgelehnte Zeilen speichern</translation>
    </message>
    <message>
        <source>NDJSON files (*.ndjson)</source>
        <translation>NDJSON-Dateien (*.ndjson)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Saved %1 rows to %2: fix them there and import that file again.</source>
        <translation>%1 Zeilen in %2 gespeichert: Korrigieren Sie sie dort und importieren Sie diese Datei erneut.</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>%1 konnte nicht gespeichert werden: %2</translation>
    </message>
</context>
<context>
    <name>Ui::RejectedRowsModel</name>
    <message>
        <source>Line</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Spalte</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Record as received</source>
        <translation>Datensatz wie empfangen</translation>
    </message>
</context>
<context>
    <name>Ui::RollupText</name>
    <message>
        <source>Day</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>Woche</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Monat</translation>
    </message>
</context>
<context>
    <name>Ui::ScheduleWords</name>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>%1 (not a valid rule)</source>
        <translation>%1 (keine gültige Regel)</translation>
    </message>
    <message>
        <source>daily at %1, %2</source>
        <translation>täglich um %1, %2</translation>
    </message>
    <message>
        <source>every %1 at %2, %3</source>
        <translation>jeden %1 um %2, %3</translation>
    </message>
    <message>
        <source>monthly on day %1 at %2, %3</source>
        <translation>monatlich am %1. um %2, %3</translation>
    </message>
    <message>
        <source>hourly at minute %1, %2</source>
        <translation>stündlich zur Minute %1, %2</translation>
    </message>
    <message>
        <source>every %1 minutes</source>
        <translation>alle %1 Minuten</translation>
    </message>
    <message>
        <source>%1 (cron), %2</source>
        <translation>%1 (Cron), %2</translation>
    </message>
</context>
<context>
    <name>Ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Database location</source>
        <translation>Speicherort der Datenbank</translation>
    </message>
    <message>
        <source>A SQLite file, or a postgresql://user@host/dbname URL. Empty: the default location.</source>
        <translation>Eine SQLite-Datei oder eine URL postgresql://benutzer@host/dbname. Leer: der Standardspeicherort.</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Now in use: %1&lt;br&gt;&lt;i&gt;A new location takes effect the next time SmartData starts.&lt;/i&gt;</source>
        <translation>Derzeit verwendet: %1&lt;br&gt;&lt;i&gt;Ein neuer Speicherort wird beim nächsten Start von SmartData wirksam.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>System default (%1)</source>
        <translation>Systemstandard (%1)</translation>
    </message>
    <message>
        <source>KPI timezone</source>
        <translation>KPI-Zeitzone</translation>
    </message>
    <message>
        <source>&lt;i&gt;The zone whose midnight starts a day. It applies to events imported from now on; days already stored keep the zone they were imported with.&lt;/i&gt;</source>
        <translation>&lt;i&gt;Die Zeitzone, deren Mitternacht einen Tag beginnt. Sie gilt für ab jetzt importierte Ereignisse; bereits gespeicherte Tage behalten die Zeitzone, mit der sie importiert wurden.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;Datenbank:</translation>
    </message>
    <message>
        <source>&amp;KPI timezone:</source>
        <translation>&amp;KPI-Zeitzone:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>Schedule timezone</source>
        <translation>Zeitzone der Zeitpläne</translation>
    </message>
    <message>
        <source>&amp;Timezone of the times:</source>
        <translation>&amp;Zeitzone der Uhrzeiten:</translation>
    </message>
    <message>
        <source>Schedule of %1</source>
        <translation>Zeitplan von %1</translation>
    </message>
    <message>
        <source>%1. Default: %2</source>
        <translation>%1. Standard: %2</translation>
    </message>
    <message>
        <source>&lt;i&gt;A rule such as &lt;b&gt;daily 02:30&lt;/b&gt;, &lt;b&gt;weekly sun 03:30&lt;/b&gt; or a cron line (&lt;b&gt;minute hour day month weekday&lt;/b&gt;, e.g. &lt;b&gt;15 2 * * *&lt;/b&gt;); &lt;b&gt;off&lt;/b&gt; disables the job, &lt;b&gt;default&lt;/b&gt; restores its own rule.&lt;/i&gt;</source>
        <translation>&lt;i&gt;Eine Regel wie &lt;b&gt;daily 02:30&lt;/b&gt;, &lt;b&gt;weekly sun 03:30&lt;/b&gt; oder eine Cron-Zeile (&lt;b&gt;Minute Stunde Tag Monat Wochentag&lt;/b&gt;, z. B. &lt;b&gt;15 2 * * *&lt;/b&gt;); &lt;b&gt;off&lt;/b&gt; schaltet den Job ab, &lt;b&gt;default&lt;/b&gt; stellt seine eigene Regel wieder her.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Schedules</source>
        <translation>Zeitpläne</translation>
    </message>
    <message>
        <source>Rolling z-score</source>
        <translation>Gleitender z-Wert</translation>
    </message>
    <message>
        <source>Robust z (median/MAD)</source>
        <translation>Robuster z-Wert (Median/MAD)</translation>
    </message>
    <message>
        <source>Isolation Forest</source>
        <translation>Isolation Forest</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>Compare with the same weekday</source>
        <translation>Mit demselben Wochentag vergleichen</translation>
    </message>
    <message>
        <source>&amp;Method:</source>
        <translation>&amp;Methode:</translation>
    </message>
    <message>
        <source>&amp;Window:</source>
        <translation>&amp;Fenster:</translation>
    </message>
    <message>
        <source>&amp;Threshold |z|:</source>
        <translation>&amp;Schwelle |z|:</translation>
    </message>
    <message>
        <source>&lt;i&gt;The detector settings the dashboard starts with.&lt;/i&gt;</source>
        <translation>&lt;i&gt;Die Detektoreinstellungen, mit denen das Dashboard beginnt.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Anomaly detection</source>
        <translation>Anomalieerkennung</translation>
    </message>
    <message>
        <source>Database Location</source>
        <translation>Speicherort der Datenbank</translation>
    </message>
    <message>
        <source>SQLite databases (*.db *.sqlite);;All files (*)</source>
        <translation>SQLite-Datenbanken (*.db *.sqlite);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Database: “%1” is not a valid URL; write it as postgresql://user@host[:port]/dbname.</source>
        <translation>Datenbank: „%1“ ist keine gültige URL; schreiben Sie sie als postgresql://benutzer@host[:port]/dbname.</translation>
    </message>
    <message>
        <source>Database: only SQLite files and postgresql:// URLs are supported, not “%1”.</source>
        <translation>Datenbank: nur SQLite-Dateien und postgresql://-URLs werden unterstützt, nicht „%1“.</translation>
    </message>
    <message>
        <source>Database: give the full path of the file (it starts with /), not “%1”.</source>
        <translation>Datenbank: geben Sie den vollständigen Pfad der Datei an (er beginnt mit /), nicht „%1“.</translation>
    </message>
    <message>
        <source>Database: “%1” is a folder; choose a file name inside it.</source>
        <translation>Datenbank: „%1“ ist ein Ordner; wählen Sie einen Dateinamen darin.</translation>
    </message>
    <message>
        <source>Database: the folder “%1” does not exist.</source>
        <translation>Datenbank: der Ordner „%1“ existiert nicht.</translation>
    </message>
    <message>
        <source>Database: the folder “%1” is not writable.</source>
        <translation>Datenbank: in den Ordner „%1“ kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>KPI timezone: “%1” is not a known timezone; use an IANA name such as Europe/Berlin or UTC.</source>
        <translation>KPI-Zeitzone: „%1“ ist keine bekannte Zeitzone; verwenden Sie einen IANA-Namen wie Europe/Berlin oder UTC.</translation>
    </message>
    <message>
        <source>Schedule timezone: “%1” is not a known timezone; use an IANA name such as Europe/Berlin or UTC.</source>
        <translation>Zeitzone der Zeitpläne: „%1“ ist keine bekannte Zeitzone; verwenden Sie einen IANA-Namen wie Europe/Berlin oder UTC.</translation>
    </message>
    <message>
        <source>Schedule of %1: empty; write a rule, “off” or “default”.</source>
        <translation>Zeitplan von %1: leer; geben Sie eine Regel, „off“ oder „default“ an.</translation>
    </message>
    <message>
        <source>Schedule of %1: “%2” is not a valid rule (%3).</source>
        <translation>Zeitplan von %1: „%2“ ist keine gültige Regel (%3).</translation>
    </message>
    <message>
        <source>Anomaly window: %1 is outside %2 to %3 days.</source>
        <translation>Anomaliefenster: %1 liegt außerhalb von %2 bis %3 Tagen.</translation>
    </message>
    <message>
        <source>Anomaly threshold: it must be greater than 0.</source>
        <translation>Anomalieschwelle: sie muss größer als 0 sein.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Please correct:&lt;/b&gt;</source>
        <translation>&lt;b&gt;Bitte korrigieren:&lt;/b&gt;</translation>
    </message>
    <message>
        <source>KPI timezone not stored: %1</source>
        <translation>KPI-Zeitzone nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Schedule timezone not stored: %1</source>
        <translation>Zeitzone der Zeitpläne nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Schedule of %1 not stored: %2</source>
        <translation>Zeitplan von %1 nicht gespeichert: %2</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Erscheinungsbild</translation>
    </message>
    <message>
        <source>&amp;Appearance:</source>
        <translation>&amp;Erscheinungsbild:</translation>
    </message>
    <message>
        <source>Season + level, robust test (default)</source>
        <translation>Saison + Niveau, robuster Test (Standard)</translation>
    </message>
</context>
<context>
    <name>Ui::ThemeManager</name>
    <message>
        <source>Follow the desktop</source>
        <translation>Dem Desktop folgen</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>smartdata: no display available (DISPLAY and WAYLAND_DISPLAY are not set); run a command instead, see &apos;smartdata --help&apos;.</source>
        <translation>smartdata: keine Anzeige verfügbar (DISPLAY und WAYLAND_DISPLAY sind nicht gesetzt); führen Sie stattdessen einen Befehl aus, siehe „smartdata --help“.</translation>
    </message>
</context>
</TS>
