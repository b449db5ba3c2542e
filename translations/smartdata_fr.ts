<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>Ui::AboutDialog</name>
    <message>
        <source>About SmartData</source>
        <translation>À propos de SmartData</translation>
    </message>
    <message>
        <source>&lt;h2&gt;SmartData %1&lt;/h2&gt;&lt;p&gt;Daily KPIs, anomaly alerts and forecasts from raw event data.&lt;/p&gt;&lt;p&gt;Qt %2&lt;/p&gt;&lt;p&gt;Database: %3&lt;br&gt;Logs: %4&lt;/p&gt;</source>
        <translation>&lt;h2&gt;SmartData %1&lt;/h2&gt;&lt;p&gt;Indicateurs quotidiens, alertes d’anomalies et prévisions à partir de données d’événements brutes.&lt;/p&gt;&lt;p&gt;Qt %2&lt;/p&gt;&lt;p&gt;Base de données : %3&lt;br&gt;Journaux : %4&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>Ui::AnomalyPanel</name>
    <message>
        <source>Rolling z-score</source>
        <translation>Score z glissant</translation>
    </message>
    <message>
        <source>Robust z (median/MAD)</source>
        <translation>Score z robuste (médiane/MAD)</translation>
    </message>
    <message>
        <source>Isolation Forest</source>
        <translation>Isolation Forest</translation>
    </message>
    <message>
        <source>Same weekday</source>
        <translation>Même jour de la semaine</translation>
    </message>
    <message>
        <source>Compare each day with the same weekday of previous weeks (the window counts weeks).</source>
        <translation>Comparer chaque jour au même jour de la semaine des semaines précédentes (la fenêtre compte alors des semaines).</translation>
    </message>
    <message>
        <source>Detect anomalies</source>
        <translation>Détecter les anomalies</translation>
    </message>
    <message>
        <source>&amp;Method:</source>
        <translation>&amp;Méthode :</translation>
    </message>
    <message>
        <source>&amp;Window:</source>
        <translation>&amp;Fenêtre :</translation>
    </message>
    <message>
        <source>&amp;Threshold |z|:</source>
        <translation>&amp;Seuil |z| :</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Jour</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Méthode</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Raison</translation>
    </message>
    <message>
        <source>&lt;b&gt;Anomalous days&lt;/b&gt;</source>
        <translation>&lt;b&gt;Jours anormaux&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No anomalous days stored in this range.</source>
        <translation>Aucun jour anormal enregistré sur cette période.</translation>
    </message>
    <message>
        <source>Anomalous days in this range: %1.</source>
        <translation>Jours anormaux sur cette période : %1.</translation>
    </message>
    <message>
        <source>spike</source>
        <translation>pic</translation>
    </message>
    <message>
        <source>dip</source>
        <translation>creux</translation>
    </message>
    <message>
        <source>level shift</source>
        <translation>changement de niveau</translation>
    </message>
    <message>
        <source>Season + level, robust test (default)</source>
        <translation>Saisonnalité + niveau, test robuste (par défaut)</translation>
    </message>
    <message>
        <source>Separates the weekly (or yearly) season and the level from the noise, reports a level shift once, and flags what stands out of the rest (generalized ESD on robust residuals).</source>
        <translation>Sépare la saisonnalité hebdomadaire (ou annuelle) et le niveau du bruit, signale une seule fois un changement de niveau et marque ce qui se démarque du reste (ESD généralisé sur des résidus robustes).</translation>
    </message>
    <message>
        <source>&amp;Contamination:</source>
        <translation>&amp;Contamination :</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>auto</translation>
    </message>
    <message>
        <source>The share of days the Isolation Forest expects to be anomalous. &quot;auto&quot; flags about a fifth of any series, anomalies or not.</source>
        <translation>La part des jours que l’Isolation Forest s’attend à trouver anormaux. « auto » signale environ un cinquième de n’importe quelle série, qu’elle contienne des anomalies ou non.</translation>
    </message>
    <message>
        <source>Same weekday (daily series only)</source>
        <translation>Même jour de la semaine (séries quotidiennes uniquement)</translation>
    </message>
    <message>
        <source>Weekly values have no weekday pattern to compare with.</source>
        <translation>Les valeurs hebdomadaires n’ont pas de profil par jour de la semaine auquel les comparer.</translation>
    </message>
    <message>
        <source>Same month in earlier years</source>
        <translation>Même mois des années précédentes</translation>
    </message>
    <message>
        <source>Compare each month with the same month of previous years (the window counts years).</source>
        <translation>Comparer chaque mois au même mois des années précédentes (la fenêtre compte alors des années).</translation>
    </message>
    <message>
        <source>Same quarter in earlier years</source>
        <translation>Même trimestre des années précédentes</translation>
    </message>
    <message>
        <source>Compare each quarter with the same quarter of previous years (the window counts years).</source>
        <translation>Comparer chaque trimestre au même trimestre des années précédentes (la fenêtre compte alors des années).</translation>
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
        <translation>lecteur (consulte les données)</translation>
    </message>
    <message>
        <source>analyst (imports and runs analyses)</source>
        <translation>analyste (importe et lance des analyses)</translation>
    </message>
    <message>
        <source>admin (also manages users)</source>
        <translation>administrateur (gère aussi les utilisateurs)</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Adresse :</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port :</translation>
    </message>
    <message>
        <source>The address to listen on. 127.0.0.1 (the default) is reachable only from this computer.</source>
        <translation>L’adresse d’écoute. 127.0.0.1 (par défaut) n’est accessible que depuis cet ordinateur.</translation>
    </message>
    <message>
        <source>0 picks any free port.</source>
        <translation>0 choisit un port libre quelconque.</translation>
    </message>
    <message>
        <source>Listening address</source>
        <translation>Adresse d’écoute</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>&lt;b&gt;Users of the API&lt;/b&gt;</source>
        <translation>&lt;b&gt;Utilisateurs de l’API&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Actif</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>Dernière connexion</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;E-mail :</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>&amp;Mot de passe :</translation>
    </message>
    <message>
        <source>R&amp;ole:</source>
        <translation>R&amp;ôle :</translation>
    </message>
    <message>
        <source>at least %1 characters, not the email</source>
        <translation>au moins %1 caractères, pas l’adresse e-mail</translation>
    </message>
    <message>
        <source>&amp;Add User</source>
        <translation>&amp;Ajouter l’utilisateur</translation>
    </message>
    <message>
        <source>Re&amp;move User…</source>
        <translation>&amp;Supprimer l’utilisateur…</translation>
    </message>
    <message>
        <source>“%1” is not an IP address (e.g. 127.0.0.1, ::1 or 0.0.0.0).</source>
        <translation>« %1 » n’est pas une adresse IP (par ex. 127.0.0.1, ::1 ou 0.0.0.0).</translation>
    </message>
    <message>
        <source>Cannot start on %1:%2: %3</source>
        <translation>Impossible de démarrer sur %1:%2 : %3</translation>
    </message>
    <message>
        <source>S&amp;top Server</source>
        <translation>Arrê&amp;ter le serveur</translation>
    </message>
    <message>
        <source>&amp;Start Server</source>
        <translation>&amp;Démarrer le serveur</translation>
    </message>
    <message>
        <source>&lt;b&gt;Running&lt;/b&gt; at &lt;a href=&quot;%1&quot;&gt;%1&lt;/a&gt; · documentation: &lt;a href=&quot;%1api/openapi.json&quot;&gt;%1api/openapi.json&lt;/a&gt;</source>
        <translation>&lt;b&gt;En marche&lt;/b&gt; sur &lt;a href=&quot;%1&quot;&gt;%1&lt;/a&gt; · documentation : &lt;a href=&quot;%1api/openapi.json&quot;&gt;%1api/openapi.json&lt;/a&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Stopped&lt;/b&gt; — %1</source>
        <translation>&lt;b&gt;Arrêté&lt;/b&gt; — %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Stopped&lt;/b&gt;</source>
        <translation>&lt;b&gt;Arrêté&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Warning: %1 is not a loopback address. Anyone who can reach this computer on the network may try to sign in and, with an account, read your data. Prefer 127.0.0.1 unless you need remote access, and use strong passwords.</source>
        <translation>Attention : %1 n’est pas une adresse de bouclage. Toute personne pouvant joindre cet ordinateur par le réseau peut tenter de se connecter et, avec un compte, lire vos données. Préférez 127.0.0.1 sauf si vous avez besoin d’un accès distant, et utilisez des mots de passe robustes.</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <source>no</source>
        <translation>non</translation>
    </message>
    <message>
        <source>never</source>
        <translation>jamais</translation>
    </message>
    <message>
        <source>Cannot list the users: %1</source>
        <translation>Impossible de lister les utilisateurs : %1</translation>
    </message>
    <message>
        <source>Email: “%1” is not a valid address (%2).</source>
        <translation>E-mail : « %1 » n’est pas une adresse valide (%2).</translation>
    </message>
    <message>
        <source>Password: %1</source>
        <translation>Mot de passe : %1</translation>
    </message>
    <message>
        <source>Adding %1…</source>
        <translation>Ajout de %1…</translation>
    </message>
    <message>
        <source>Added %1 as %2.</source>
        <translation>%1 ajouté comme %2.</translation>
    </message>
    <message>
        <source>Could not add %1: %2</source>
        <translation>Impossible d’ajouter %1 : %2</translation>
    </message>
    <message>
        <source>Remove User</source>
        <translation>Supprimer l’utilisateur</translation>
    </message>
    <message>
        <source>Remove %1? They can no longer sign in to the API, and their sessions end.</source>
        <translation>Supprimer %1 ? Cette personne ne pourra plus se connecter à l’API, et ses sessions prendront fin.</translation>
    </message>
    <message>
        <source>Removed %1.</source>
        <translation>%1 supprimé.</translation>
    </message>
    <message>
        <source>Could not remove %1: %2</source>
        <translation>Impossible de supprimer %1 : %2</translation>
    </message>
    <message>
        <source>Self-&amp;signup:</source>
        <translation>&amp;Inscription libre :</translation>
    </message>
    <message>
        <source>open, new users are viewers</source>
        <translation>ouverte, les nouveaux utilisateurs sont lecteurs</translation>
    </message>
    <message>
        <source>open, new users are analysts (may import and run analyses)</source>
        <translation>ouverte, les nouveaux utilisateurs sont analystes (peuvent importer et lancer des analyses)</translation>
    </message>
    <message>
        <source>closed (only users added here)</source>
        <translation>fermée (seulement les utilisateurs ajoutés ici)</translation>
    </message>
    <message>
        <source>Who may create an account on the sign-up page. The first account always becomes admin; signup is only open while the server listens on a loopback address.</source>
        <translation>Qui peut créer un compte sur la page d’inscription. Le premier compte devient toujours administrateur ; l’inscription n’est ouverte que tant que le serveur écoute sur une adresse de bouclage.</translation>
    </message>
    <message>
        <source>Allowed &amp;web origins:</source>
        <translation>&amp;Origines web autorisées :</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Web pages from these origins may call the API from the browser (CORS), separated by spaces: e.g. http://localhost:* https://dash.example.com. “none” turns this off.</source>
        <translation>Les pages web de ces origines peuvent appeler l’API depuis le navigateur (CORS), séparées par des espaces : par ex. http://localhost:* https://dash.example.com. « none » désactive cette possibilité.</translation>
    </message>
    <message>
        <source>Allowed web origins</source>
        <translation>Origines web autorisées</translation>
    </message>
    <message>
        <source>Allowed web origins: %1</source>
        <translation>Origines web autorisées : %1</translation>
    </message>
</context>
<context>
    <name>Ui::BatchesView</name>
    <message>
        <source>Id</source>
        <translation>N°</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>Inserted</source>
        <translation>Insérés</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>Doublons</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejetés</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <source>&amp;Delete Import…</source>
        <translation>&amp;Supprimer l’import…</translation>
    </message>
    <message>
        <source>Removes the events of this import and recomputes the daily KPIs of its days.</source>
        <translation>Supprime les événements de cet import et recalcule les indicateurs quotidiens de ses jours.</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Delete Import</source>
        <translation>Supprimer l’import</translation>
    </message>
    <message>
        <source>Delete import %1 and all the events it stored? The daily KPIs of its days are recomputed. This cannot be undone.</source>
        <translation>Supprimer l’import %1 et tous les événements qu’il a enregistrés ? Les indicateurs quotidiens de ses jours seront recalculés. Cette action est irréversible.</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>&amp;Rejected Rows…</source>
        <translation>Lignes &amp;rejetées…</translation>
    </message>
    <message>
        <source>Every row the selected import rejected, with the reason (or double-click the import).</source>
        <translation>Chaque ligne rejetée par l’import choisi, avec la raison (ou double-cliquez sur l’import).</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>échoué</translation>
    </message>
    <message>
        <source>with warnings</source>
        <translation>avec avertissements</translation>
    </message>
    <message>
        <source>stored</source>
        <translation>enregistré</translation>
    </message>
    <message>
        <source>%1 (%2 already stored, %3 repeated in the file)</source>
        <translation>%1 (%2 déjà enregistrées, %3 répétées dans le fichier)</translation>
    </message>
    <message>
        <source>Cannot delete import %1</source>
        <translation>Impossible de supprimer l’import %1</translation>
    </message>
</context>
<context>
    <name>Ui::ChartExport</name>
    <message>
        <source>PNG image</source>
        <translation>Image PNG</translation>
    </message>
    <message>
        <source>SVG drawing</source>
        <translation>Dessin SVG</translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation>Document PDF</translation>
    </message>
    <message>
        <source>CSV of the plotted points</source>
        <translation>CSV des points tracés</translation>
    </message>
    <message>
        <source>%1 (lower)</source>
        <translation>%1 (borne inférieure)</translation>
    </message>
    <message>
        <source>%1 (upper)</source>
        <translation>%1 (borne supérieure)</translation>
    </message>
    <message>
        <source>No file name given for the export.</source>
        <translation>Aucun nom de fichier n’a été indiqué pour l’export.</translation>
    </message>
    <message>
        <source>The export size must be between 100 and 10,000 pixels each way.</source>
        <translation>La taille d’export doit être comprise entre 100 et 10&#xa0;000 pixels en largeur comme en hauteur.</translation>
    </message>
    <message>
        <source>Exported from SmartData</source>
        <translation>Exporté depuis SmartData</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Impossible d’écrire %1 : %2</translation>
    </message>
</context>
<context>
    <name>Ui::ChartExportDialog</name>
    <message>
        <source>Export Chart</source>
        <translation>Exporter le graphique</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Format :</translation>
    </message>
    <message>
        <source>&amp;Size:</source>
        <translation>&amp;Taille :</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>T&amp;itre :</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exporter…</translation>
    </message>
    <message>
        <source>%1 (*.%2)</source>
        <translation>%1 (*.%2)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Échec de l’export</translation>
    </message>
</context>
<context>
    <name>Ui::ChartText</name>
    <message>
        <source>weeks: %1</source>
        <translation>semaines : %1</translation>
    </message>
    <message>
        <source>months: %1</source>
        <translation>mois : %1</translation>
    </message>
    <message>
        <source>quarters: %1</source>
        <translation>trimestres : %1</translation>
    </message>
    <message>
        <source>days: %1</source>
        <translation>jours : %1</translation>
    </message>
    <message>
        <source>%1 per week</source>
        <translation>%1 par semaine</translation>
    </message>
    <message>
        <source>%1 per month</source>
        <translation>%1 par mois</translation>
    </message>
    <message>
        <source>%1 per quarter</source>
        <translation>%1 par trimestre</translation>
    </message>
    <message>
        <source>%1 per day</source>
        <translation>%1 par jour</translation>
    </message>
    <message>
        <source>weeks</source>
        <translation>semaines</translation>
    </message>
    <message>
        <source>months</source>
        <translation>mois</translation>
    </message>
    <message>
        <source>quarters</source>
        <translation>trimestres</translation>
    </message>
    <message>
        <source>days</source>
        <translation>jours</translation>
    </message>
    <message>
        <source>1 week</source>
        <translation>1 semaine</translation>
    </message>
    <message>
        <source>%1 weeks</source>
        <translation>%1 semaines</translation>
    </message>
    <message>
        <source>1 month</source>
        <translation>1 mois</translation>
    </message>
    <message>
        <source>%1 months</source>
        <translation>%1 mois</translation>
    </message>
    <message>
        <source>1 quarter</source>
        <translation>1 trimestre</translation>
    </message>
    <message>
        <source>%1 quarters</source>
        <translation>%1 trimestres</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1 jour</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 jours</translation>
    </message>
</context>
<context>
    <name>Ui::ChartView</name>
    <message>
        <source>Drag to zoom, Shift+drag or middle button to pan, double click or Home to reset; right click for more.</source>
        <translation>Glisser pour zoomer, Maj+glisser ou bouton du milieu pour déplacer, double-clic ou Début pour réinitialiser ; clic droit pour plus d’options.</translation>
    </message>
    <message>
        <source>Reset &amp;zoom</source>
        <translation>Réinitialiser le &amp;zoom</translation>
    </message>
</context>
<context>
    <name>Ui::DailyRowsCsv</name>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Impossible d’écrire %1 : %2</translation>
    </message>
</context>
<context>
    <name>Ui::DashboardSnapshot</name>
    <message>
        <source>beyond range</source>
        <translation>hors limites</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>n.d.</translation>
    </message>
    <message>
        <source>total: %1</source>
        <translation>total : %1</translation>
    </message>
    <message>
        <source>events: %1</source>
        <translation>événements : %1</translation>
    </message>
    <message>
        <source>average: %1</source>
        <translation>moyenne : %1</translation>
    </message>
    <message>
        <source>most users in a day: %1</source>
        <translation>maximum d’utilisateurs en un jour : %1</translation>
    </message>
    <message>
        <source>lowest: %1</source>
        <translation>minimum : %1</translation>
    </message>
    <message>
        <source>highest: %1</source>
        <translation>maximum : %1</translation>
    </message>
</context>
<context>
    <name>Ui::ErrorPresenter</name>
    <message>
        <source>Cannot use this input</source>
        <translation>Impossible d’utiliser cette saisie</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Introuvable</translation>
    </message>
    <message>
        <source>Already in progress</source>
        <translation>Déjà en cours</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Refusé</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulé</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Une erreur s’est produite</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Annulé.</translation>
    </message>
    <message>
        <source>%1 (code %2)</source>
        <translation>%1 (code %2)</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Erreur : %1</translation>
    </message>
</context>
<context>
    <name>Ui::ForecastChart</name>
    <message>
        <source> days</source>
        <translation> jours</translation>
    </message>
    <message>
        <source>Forecast horizon in days</source>
        <translation>Horizon de prévision en jours</translation>
    </message>
    <message>
        <source>Run forecast</source>
        <translation>Lancer la prévision</translation>
    </message>
    <message>
        <source>&amp;Horizon:</source>
        <translation>&amp;Horizon :</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;background:%1;color:white;font-weight:bold;padding:4px&apos;&gt;&amp;nbsp;%2&amp;nbsp;&lt;/span&gt;&amp;nbsp;reliability %3/100 · backtest of %4</source>
        <translation>&lt;span style=&apos;background:%1;color:white;font-weight:bold;padding:4px&apos;&gt;&amp;nbsp;%2&amp;nbsp;&lt;/span&gt;&amp;nbsp;fiabilité %3/100 · backtest sur %4</translation>
    </message>
    <message>
        <source>1 fold</source>
        <translation>1 pli</translation>
    </message>
    <message>
        <source>%1 folds</source>
        <translation>%1 plis</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;background:%1;color:white;padding:4px&apos;&gt;&amp;nbsp;?&amp;nbsp;&lt;/span&gt; not graded (too little history to backtest)</source>
        <translation>&lt;span style=&apos;background:%1;color:white;padding:4px&apos;&gt;&amp;nbsp;?&amp;nbsp;&lt;/span&gt; non noté (historique trop court pour un backtest)</translation>
    </message>
    <message>
        <source>No forecast yet</source>
        <translation>Pas encore de prévision</translation>
    </message>
    <message>
        <source>&lt;br&gt;Fallback: %1</source>
        <translation>&lt;br&gt;Solution de repli : %1</translation>
    </message>
    <message>
        <source>Choose a horizon and run a forecast.</source>
        <translation>Choisissez un horizon et lancez une prévision.</translation>
    </message>
    <message>
        <source>95% interval</source>
        <translation>Intervalle à 95 %</translation>
    </message>
    <message>
        <source>80% interval</source>
        <translation>Intervalle à 80 %</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>Prévision</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (day +%2)&lt;br&gt;Forecast: %3&lt;br&gt;80%: %4 – %5&lt;br&gt;95%: %6 – %7</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (jour +%2)&lt;br&gt;Prévision : %3&lt;br&gt;80 % : %4 – %5&lt;br&gt;95 % : %6 – %7</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historique</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Observed: %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Observé : %2</translation>
    </message>
    <message>
        <source>Last observed day (%1)</source>
        <translation>Dernier jour observé (%1)</translation>
    </message>
    <message>
        <source> months</source>
        <translation> mois</translation>
    </message>
    <message>
        <source>Forecast horizon in months</source>
        <translation>Horizon de prévision en mois</translation>
    </message>
    <message>
        <source> weeks</source>
        <translation> semaines</translation>
    </message>
    <message>
        <source>Forecast horizon in weeks</source>
        <translation>Horizon de prévision en semaines</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (month +%2)&lt;br&gt;Forecast: %3&lt;br&gt;80%: %4 – %5&lt;br&gt;95%: %6 – %7</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (mois +%2)&lt;br&gt;Prévision : %3&lt;br&gt;80 % : %4 – %5&lt;br&gt;95 % : %6 – %7</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (week +%2)&lt;br&gt;Forecast: %3&lt;br&gt;80%: %4 – %5&lt;br&gt;95%: %6 – %7</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (semaine +%2)&lt;br&gt;Prévision : %3&lt;br&gt;80 % : %4 – %5&lt;br&gt;95 % : %6 – %7</translation>
    </message>
    <message>
        <source> quarters</source>
        <translation> trimestres</translation>
    </message>
    <message>
        <source>Forecast horizon in quarters</source>
        <translation>Horizon de prévision en trimestres</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (quarter +%2)&lt;br&gt;Forecast: %3&lt;br&gt;80%: %4 – %5&lt;br&gt;95%: %6 – %7</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (trimestre +%2)&lt;br&gt;Prévision : %3&lt;br&gt;80 % : %4 – %5&lt;br&gt;95 % : %6 – %7</translation>
    </message>
    <message>
        <source>Whole history</source>
        <translation>Tout l’historique</translation>
    </message>
    <message>
        <source>Show all the history of the range, not only the recent part before the forecast.</source>
        <translation>Afficher tout l’historique de la période, pas seulement la partie récente avant la prévision.</translation>
    </message>
    <message>
        <source>Export chart…</source>
        <translation>Exporter le graphique…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exporter…</translation>
    </message>
    <message>
        <source>Save the chart as PNG, SVG or PDF, or its plotted points as CSV.</source>
        <translation>Enregistrer le graphique en PNG, SVG ou PDF, ou ses points tracés en CSV.</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <comment>source · chart title</comment>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Model: &lt;b&gt;%1&lt;/b&gt; · fitted on %2 %3 from %4 to %5</source>
        <translation>Modèle : &lt;b&gt;%1&lt;/b&gt; · ajusté sur %2 %3 du %4 au %5</translation>
    </message>
    <message>
        <source>&lt;br&gt;Intervals cut at 0: the metric has never been negative (truncation; the model is not refitted).</source>
        <translation>&lt;br&gt;Intervalles coupés à 0 : la métrique n’a jamais été négative (troncature ; le modèle n’est pas réajusté).</translation>
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
        <translation>Combinaison</translation>
    </message>
    <message>
        <source>Mo&amp;del:</source>
        <translation>&amp;Modèle :</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>Automatique</translation>
    </message>
    <message>
        <source>Auto compares ARIMA, ETS, Theta and their combination in a backtest of the series and keeps the best; the others fit that family.</source>
        <translation>« Automatique » compare ARIMA, ETS, Theta et leur combinaison dans un backtest de la série et garde la meilleure ; les autres choix ajustent cette famille.</translation>
    </message>
    <message>
        <source>&lt;br&gt;Chosen: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>&lt;br&gt;Choisi : &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;br&gt;Asked for: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>&lt;br&gt;Demandé : &lt;b&gt;%1&lt;/b&gt;</translation>
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
        <translation>&lt;br&gt;MASE du backtest : %1</translation>
    </message>
    <message>
        <source>&lt;br&gt;Transform: %1</source>
        <translation>&lt;br&gt;Transformation : %1</translation>
    </message>
    <message>
        <source>Rolling-origin backtest, graded by:
%1</source>
        <translation>Backtest à origine glissante, noté selon :
%1</translation>
    </message>
    <message>
        <source>

This run: sMAPE %1% → accuracy %2</source>
        <translation>

Cette exécution : sMAPE %1 % → précision %2</translation>
    </message>
    <message>
        <source>; r = %1 → skill %2</source>
        <translation>; r = %1 → compétence %2</translation>
    </message>
    <message>
        <source>; no seasonal-naive reference, so the score is the accuracy alone</source>
        <translation>; pas de référence naïve saisonnière, le score est donc la seule précision</translation>
    </message>
    <message>
        <source>; score %1.</source>
        <translation>; score %1.</translation>
    </message>
</context>
<context>
    <name>Ui::ImportDialog</name>
    <message>
        <source>%1 does not exist.</source>
        <translation>%1 n’existe pas.</translation>
    </message>
    <message>
        <source>%1 is a folder; drop the event files inside it.</source>
        <translation>%1 est un dossier ; déposez plutôt les fichiers d’événements qu’il contient.</translation>
    </message>
    <message>
        <source>%1 is not an event file SmartData reads. Drop CSV/TSV (.csv, .tsv, .txt), JSON (.json) or NDJSON (.ndjson, .jsonl) files, optionally gzip-compressed (.gz).</source>
        <translation>%1 n’est pas un fichier d’événements lisible par SmartData. Déposez des fichiers CSV/TSV (.csv, .tsv, .txt), JSON (.json) ou NDJSON (.ndjson, .jsonl), éventuellement compressés avec gzip (.gz).</translation>
    </message>
    <message>
        <source>Import %1</source>
        <translation>Importer %1</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Lecture de %1…</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Ligne</translation>
    </message>
    <message>
        <source>Timestamp (UTC)</source>
        <translation>Horodatage (UTC)</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Métrique</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilisateur</translation>
    </message>
    <message>
        <source>Event id</source>
        <translation>ID d’événement</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>(automatic)</source>
        <translation>(automatique)</translation>
    </message>
    <message>
        <source>Detect</source>
        <translation>Détecter</translation>
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
        <translation>Tolérant : garder les lignes valides, signaler les autres</translation>
    </message>
    <message>
        <source>Strict: one invalid row rejects the file</source>
        <translation>Strict : une ligne invalide fait rejeter le fichier</translation>
    </message>
    <message>
        <source>The zone of timestamps that carry no offset.</source>
        <translation>Le fuseau des horodatages sans décalage.</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Format :</translation>
    </message>
    <message>
        <source>&amp;Mode:</source>
        <translation>&amp;Mode :</translation>
    </message>
    <message>
        <source>&amp;Timezone:</source>
        <translation>Fuseau &amp;horaire :</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Colonne</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Raison</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importer</translation>
    </message>
    <message>
        <source>Format: %1</source>
        <translation>Format : %1</translation>
    </message>
    <message>
        <source>delimiter: %1</source>
        <translation>séparateur : %1</translation>
    </message>
    <message>
        <source>columns: %1</source>
        <translation>colonnes : %1</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <source>%1 rows inserted</source>
        <translation>%1 lignes insérées</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Import cancelled. Nothing was stored.</source>
        <translation>Import annulé. Rien n’a été enregistré.</translation>
    </message>
    <message>
        <source>Import failed: %1 Nothing was stored.</source>
        <translation>Échec de l’import : %1 Rien n’a été enregistré.</translation>
    </message>
    <message>
        <source>&lt;p&gt;Metrics: %1 · Sources: %2&lt;/p&gt;</source>
        <translation>&lt;p&gt;Métriques : %1 · Sources : %2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Rejected by reason:&lt;/p&gt;&lt;ul&gt;</source>
        <translation>&lt;p&gt;Rejets par raison :&lt;/p&gt;&lt;ul&gt;</translation>
    </message>
    <message>
        <source>Timestamp</source>
        <translation>Horodatage</translation>
    </message>
    <message>
        <source>User id</source>
        <translation>ID utilisateur</translation>
    </message>
    <message>
        <source>Read “,” as the decimal mark</source>
        <translation>Lire « , » comme séparateur décimal</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Jour</translation>
    </message>
    <message>
        <source>The day the row&apos;s value counts on in the daily KPIs.</source>
        <translation>Le jour auquel la valeur de la ligne compte dans les KPI quotidiens.</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Colonnes</translation>
    </message>
    <message>
        <source>Column for %1</source>
        <translation>Colonne pour %1</translation>
    </message>
    <message>
        <source>The metric of rows without a metric column or with an empty metric.</source>
        <translation>La métrique des lignes sans colonne de métrique ou avec une métrique vide.</translation>
    </message>
    <message>
        <source>Metric &amp;name:</source>
        <translation>&amp;Nom de la métrique :</translation>
    </message>
    <message>
        <source>Use the file&apos;s source &amp;column:</source>
        <translation>Utiliser la &amp;colonne source du fichier :</translation>
    </message>
    <message>
        <source>&amp;One source for all rows:</source>
        <translation>&amp;Une source pour toutes les lignes :</translation>
    </message>
    <message>
        <source>Source name</source>
        <translation>Nom de la source</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>Lecture</translation>
    </message>
    <message>
        <source>Point: 1234.56</source>
        <translation>Point : 1234.56</translation>
    </message>
    <message>
        <source>Comma: 1234,56</source>
        <translation>Virgule : 1234,56</translation>
    </message>
    <message>
        <source>Infer from the size</source>
        <translation>Déduire de la grandeur</translation>
    </message>
    <message>
        <source>Seconds</source>
        <translation>Secondes</translation>
    </message>
    <message>
        <source>Milliseconds</source>
        <translation>Millisecondes</translation>
    </message>
    <message>
        <source>The unit of timestamps written as numbers since 1970.</source>
        <translation>L’unité des horodatages écrits en nombre depuis 1970.</translation>
    </message>
    <message>
        <source>&amp;Decimal mark:</source>
        <translation>Séparateur &amp;décimal :</translation>
    </message>
    <message>
        <source>&amp;Epoch unit:</source>
        <translation>Unité &amp;epoch :</translation>
    </message>
    <message>
        <source>(automatic: no column found)</source>
        <translation>(automatique : aucune colonne trouvée)</translation>
    </message>
    <message>
        <source>(automatic: %1)</source>
        <translation>(automatique : %1)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(aucune)</translation>
    </message>
    <message>
        <source>The file has no source column: every row goes to “%1”.</source>
        <translation>Le fichier n’a pas de colonne source : chaque ligne va dans « %1 ».</translation>
    </message>
    <message>
        <source>Each row goes to the source named in its “%1” column; rows with an empty one go to “%2”.</source>
        <translation>Chaque ligne va dans la source nommée dans sa colonne « %1 » ; les lignes où elle est vide vont dans « %2 ».</translation>
    </message>
    <message>
        <source>Every row goes to this source.</source>
        <translation>Chaque ligne va dans cette source.</translation>
    </message>
    <message>
        <source>Every row goes to this source; the file&apos;s “%1” column is not used.</source>
        <translation>Chaque ligne va dans cette source ; la colonne « %1 » du fichier n’est pas utilisée.</translation>
    </message>
    <message>
        <source>%1: the file has no column “%2”.</source>
        <translation>%1 : le fichier n’a pas de colonne « %2 ».</translation>
    </message>
    <message>
        <source>%1: no column is chosen and none is named like one. Choose the column that holds it.</source>
        <translation>%1 : aucune colonne n’est choisie et aucune ne porte un tel nom. Choisissez la colonne qui le contient.</translation>
    </message>
    <message>
        <source>%1 (%2: “%3”)</source>
        <translation>%1 (%2 : « %3 »)</translation>
    </message>
    <message>
        <source>row</source>
        <translation>ligne</translation>
    </message>
    <message>
        <source>Timestamps in this file carry the offset %1. Days are counted in %2 (the database&apos;s KPI timezone), so each day is cut at %3 of the file&apos;s time.</source>
        <translation>Les horodatages de ce fichier portent le décalage %1. Les jours sont comptés en %2 (le fuseau des KPI de la base), donc chaque jour se termine à %3 dans l’heure du fichier.</translation>
    </message>
    <message>
        <source>Line %1 (%2) counts on %3.</source>
        <translation>La ligne %1 (%2) compte pour le %3.</translation>
    </message>
    <message>
        <source>Count days in %1</source>
        <translation>Compter les jours en %1</translation>
    </message>
    <message>
        <source>Makes %1 the database&apos;s KPI timezone: the days of this and later imports are cut at midnight there. Days already stored keep theirs.</source>
        <translation>Fait de %1 le fuseau des KPI de la base : les jours de cet import et des suivants se terminent à minuit là-bas. Les jours déjà enregistrés restent tels quels.</translation>
    </message>
    <message>
        <source>No row of %1 could be stored.</source>
        <translation>Aucune ligne de %1 n’a pu être enregistrée.</translation>
    </message>
    <message>
        <source>Import of %1 failed</source>
        <translation>L’import de %1 a échoué</translation>
    </message>
    <message>
        <source>Imported %1 with warnings</source>
        <translation>%1 importé avec des avertissements</translation>
    </message>
    <message>
        <source>Imported %1</source>
        <translation>%1 importé</translation>
    </message>
    <message>
        <source>&lt;p&gt;%1 rows read · &lt;b&gt;%2 inserted&lt;/b&gt; · %3 already stored · %4 repeated inside this file · %5 rejected&lt;/p&gt;</source>
        <translation>&lt;p&gt;%1 lignes lues · &lt;b&gt;%2 insérées&lt;/b&gt; · %3 déjà enregistrées · %4 répétées dans ce fichier · %5 rejetées&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Every row was rejected, so nothing was stored. The rejected rows are kept: review them in Import history, fix them and import them again.</source>
        <translation>Toutes les lignes ont été rejetées, rien n’a donc été enregistré. Les lignes rejetées sont conservées : consultez-les dans l’historique des imports, corrigez-les et importez-les à nouveau.</translation>
    </message>
    <message>
        <source>%1 of %2 rows (%3%) were rejected: more than %4% of the file. Check the mapping and the number and date settings before relying on these numbers.</source>
        <translation>%1 lignes sur %2 (%3 %) ont été rejetées : plus de %4 % du fichier. Vérifiez l’association des colonnes et les réglages des nombres et des dates avant de vous fier à ces chiffres.</translation>
    </message>
    <message>
        <source>%1 rows (%2% of the file) repeat an earlier row of this file in every column; each was stored once. If they are separate events, give the file an event id column.</source>
        <translation>%1 lignes (%2 % du fichier) répètent une ligne précédente de ce fichier dans chaque colonne ; chacune a été enregistrée une fois. S’il s’agit d’événements distincts, donnez au fichier une colonne d’ID d’événement.</translation>
    </message>
    <message>
        <source>All %1 &amp;Rejected Rows…</source>
        <translation>Les %1 lignes &amp;rejetées…</translation>
    </message>
    <message>
        <source>not read yet: %1</source>
        <translation>pas encore lu : %1</translation>
    </message>
    <message>
        <source>Detect from the file</source>
        <translation>Détecter dans le fichier</translation>
    </message>
    <message>
        <source>None: 1234567</source>
        <translation>Aucun : 1234567</translation>
    </message>
    <message>
        <source>Comma: 1,234,567</source>
        <translation>Virgule : 1,234,567</translation>
    </message>
    <message>
        <source>Point: 1.234.567</source>
        <translation>Point : 1.234.567</translation>
    </message>
    <message>
        <source>Space: 1 234 567</source>
        <translation>Espace : 1 234 567</translation>
    </message>
    <message>
        <source>Apostrophe: 1&apos;234&apos;567</source>
        <translation>Apostrophe : 1&apos;234&apos;567</translation>
    </message>
    <message>
        <source>Year first: 2024/12/31</source>
        <translation>Année d’abord : 2024/12/31</translation>
    </message>
    <message>
        <source>Day first: 31.12.2024</source>
        <translation>Jour d’abord : 31.12.2024</translation>
    </message>
    <message>
        <source>Month first: 12/31/2024</source>
        <translation>Mois d’abord : 12/31/2024</translation>
    </message>
    <message>
        <source>ISO 8601 dates (2024-12-31) are read in every setting.</source>
        <translation>Les dates ISO 8601 (2024-12-31) sont lues avec tous les réglages.</translation>
    </message>
    <message>
        <source>e.g. dd.MM.yyyy HH:mm (optional)</source>
        <translation>p. ex. dd.MM.yyyy HH:mm (facultatif)</translation>
    </message>
    <message>
        <source>An exact date format; it wins over the date order. Qt style (dd.MM.yyyy) or strftime style (%d.%m.%Y).</source>
        <translation>Un format de date exact ; il l’emporte sur l’ordre de la date. Style Qt (dd.MM.yyyy) ou strftime (%d.%m.%Y).</translation>
    </message>
    <message>
        <source>T&amp;housands:</source>
        <translation>&amp;Milliers :</translation>
    </message>
    <message>
        <source>Date &amp;order:</source>
        <translation>&amp;Ordre de la date :</translation>
    </message>
    <message>
        <source>Date for&amp;mat:</source>
        <translation>&amp;Format de date :</translation>
    </message>
    <message>
        <source>The sum of %1 on %2 is beyond ±1.8e308 and is not stored; its count, average, minimum and maximum are.</source>
        <translation>La somme de %1 le %2 dépasse ±1.8e308 et n’est pas enregistrée ; son nombre, sa moyenne, son minimum et son maximum le sont.</translation>
    </message>
    <message numerus="yes">
        <source>The sums of %n more days are beyond ±1.8e308 and are not stored.</source>
        <translation>
            <numerusform>La somme de %n autre jour dépasse ±1.8e308 et n’est pas enregistrée.</numerusform>
            <numerusform>Les sommes de %n autres jours dépassent ±1.8e308 et ne sont pas enregistrées.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Ui::JobsView</name>
    <message>
        <source>Job</source>
        <translation>Tâche</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Planification</translation>
    </message>
    <message>
        <source>Next run</source>
        <translation>Prochaine exécution</translation>
    </message>
    <message>
        <source>Last run</source>
        <translation>Dernière exécution</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Démarrée</translation>
    </message>
    <message>
        <source>Progress / result</source>
        <translation>Progression / résultat</translation>
    </message>
    <message>
        <source>&lt;b&gt;Scheduled jobs&lt;/b&gt;</source>
        <translation>&lt;b&gt;Tâches planifiées&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Runs in this session&lt;/b&gt;</source>
        <translation>&lt;b&gt;Exécutions de cette session&lt;/b&gt;</translation>
    </message>
    <message>
        <source>running</source>
        <translation>en cours</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>en attente</translation>
    </message>
    <message>
        <source>%1 (scheduler off)</source>
        <translation>%1 (planificateur arrêté)</translation>
    </message>
    <message>
        <source>Run now</source>
        <translation>Exécuter maintenant</translation>
    </message>
    <message>
        <source>Cannot run %1</source>
        <translation>Impossible d’exécuter %1</translation>
    </message>
</context>
<context>
    <name>Ui::KpiChart</name>
    <message>
        <source>Sum</source>
        <translation>Somme</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>Moyenne</translation>
    </message>
    <message>
        <source>Distinct users</source>
        <translation>Utilisateurs distincts</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>n.d.</translation>
    </message>
    <message>
        <source>score = %1 (below 0 = outlier; contamination %2)</source>
        <translation>score = %1 (sous 0 = valeur aberrante ; contamination %2)</translation>
    </message>
    <message>
        <source>robust z</source>
        <translation>z robuste</translation>
    </message>
    <message>
        <source>z</source>
        <translation>z</translation>
    </message>
    <message>
        <source>%1 = %2 (|z| ≥ %3; same weekday of the last %4 weeks)</source>
        <translation>%1 = %2 (|z| ≥ %3 ; même jour de la semaine des %4 dernières semaines)</translation>
    </message>
    <message>
        <source>%1 = %2 (|z| ≥ %3; trailing %4-day window)</source>
        <translation>%1 = %2 (|z| ≥ %3 ; fenêtre glissante de %4 jours)</translation>
    </message>
    <message>
        <source>%1 — no days in this range</source>
        <translation>%1 — aucun jour sur cette période</translation>
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
        <translation>somme</translation>
    </message>
    <message>
        <source>count</source>
        <comment>inside a sentence: count per day</comment>
        <translation>nombre</translation>
    </message>
    <message>
        <source>average</source>
        <comment>inside a sentence: average per day</comment>
        <translation>moyenne</translation>
    </message>
    <message>
        <source>distinct users</source>
        <comment>inside a sentence: distinct users per day</comment>
        <translation>utilisateurs distincts</translation>
    </message>
    <message>
        <source>minimum</source>
        <comment>inside a sentence: minimum per day</comment>
        <translation>minimum</translation>
    </message>
    <message>
        <source>maximum</source>
        <comment>inside a sentence: maximum per day</comment>
        <translation>maximum</translation>
    </message>
    <message>
        <source>%1 = %2 (|z| ≥ %3; trailing %4-week window)</source>
        <translation>%1 = %2 (|z| ≥ %3 ; fenêtre glissante de %4 semaines)</translation>
    </message>
    <message>
        <source>%1 = %2 (|z| ≥ %3; same month of the last %4 years)</source>
        <translation>%1 = %2 (|z| ≥ %3 ; même mois des %4 dernières années)</translation>
    </message>
    <message>
        <source>%1 = %2 (|z| ≥ %3; trailing %4-month window)</source>
        <translation>%1 = %2 (|z| ≥ %3 ; fenêtre glissante de %4 mois)</translation>
    </message>
    <message>
        <source>%1 = %2 (|z| ≥ %3; same quarter of the last %4 years)</source>
        <translation>%1 = %2 (|z| ≥ %3 ; même trimestre des %4 dernières années)</translation>
    </message>
    <message>
        <source>%1 = %2 (|z| ≥ %3; trailing %4-quarter window)</source>
        <translation>%1 = %2 (|z| ≥ %3 ; fenêtre glissante de %4 trimestres)</translation>
    </message>
    <message>
        <source>&amp;Roll up:</source>
        <translation>&amp;Regrouper par :</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Comparer</translation>
    </message>
    <message>
        <source>Draw a second series with this one: another metric on its own axis, or this metric in another source.</source>
        <translation>Tracer une seconde série avec celle-ci : une autre métrique sur son propre axe, ou cette métrique dans une autre source.</translation>
    </message>
    <message>
        <source>Export chart…</source>
        <translation>Exporter le graphique…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exporter…</translation>
    </message>
    <message>
        <source>Save the chart as PNG, SVG or PDF, or its plotted points as CSV.</source>
        <translation>Enregistrer le graphique en PNG, SVG ou PDF, ou ses points tracés en CSV.</translation>
    </message>
    <message>
        <source>Show anomaly markers</source>
        <translation>Afficher les marqueurs d’anomalie</translation>
    </message>
    <message>
        <source>Clear anomaly markers</source>
        <translation>Effacer les marqueurs d’anomalie</translation>
    </message>
    <message>
        <source>Distinct users do not add up over days (a user of two days counts once in the week); choose another aggregate to roll up.</source>
        <translation>Les utilisateurs distincts ne s’additionnent pas d’un jour à l’autre (un utilisateur présent deux jours compte une fois dans la semaine) ; choisissez une autre valeur pour regrouper.</translation>
    </message>
    <message>
        <source>The series is not daily.</source>
        <translation>La série n’est pas quotidienne.</translation>
    </message>
    <message>
        <source>Show weeks or months: sums and counts add up, the average is the period&apos;s sum over its count, minimum and maximum those of its days. Anomaly markers flag days and are not drawn on a rolled-up chart.</source>
        <translation>Afficher des semaines ou des mois : les sommes et les nombres s’additionnent, la moyenne est la somme de la période divisée par son nombre, le minimum et le maximum sont ceux de ses jours. Les marqueurs d’anomalie signalent des jours et ne sont pas tracés sur un graphique regroupé.</translation>
    </message>
    <message>
        <source>Another metric (own axis)</source>
        <translation>Autre métrique (axe propre)</translation>
    </message>
    <message>
        <source>Another metric of %1 (own axis)</source>
        <translation>Autre métrique de %1 (axe propre)</translation>
    </message>
    <message>
        <source>This metric in another source</source>
        <translation>Cette métrique dans une autre source</translation>
    </message>
    <message>
        <source>%1 in another source</source>
        <translation>%1 dans une autre source</translation>
    </message>
    <message>
        <source>Remove comparison</source>
        <translation>Supprimer la comparaison</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <comment>source · chart title</comment>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Anomalies (%1)</source>
        <translation>Anomalies (%1)</translation>
    </message>
    <message>
        <source>Anomalies (%1): %2</source>
        <translation>Anomalies (%1) : %2</translation>
    </message>
    <message>
        <source>Week of %1</source>
        <translation>Semaine du %1</translation>
    </message>
    <message>
        <source>%1 to %2 (%3 with data)</source>
        <translation>du %1 au %2 (%3 avec des données)</translation>
    </message>
    <message>
        <source>%1: %2&lt;br&gt;Events: %3</source>
        <translation>%1 : %2&lt;br&gt;Événements : %3</translation>
    </message>
    <message>
        <source>Anomaly (%1): %2</source>
        <translation>Anomalie (%1) : %2</translation>
    </message>
    <message>
        <source>Spike: %1 is %2 robust sd above the expected %3 (season and level; flagged from %4 sd)</source>
        <translation>Pic : %1 est à %2 écarts-types robustes au-dessus de la valeur attendue %3 (saison et niveau ; signalé à partir de %4)</translation>
    </message>
    <message>
        <source>Dip: %1 is %2 robust sd below the expected %3 (season and level; flagged from %4 sd)</source>
        <translation>Creux : %1 est à %2 écarts-types robustes au-dessous de la valeur attendue %3 (saison et niveau ; signalé à partir de %4)</translation>
    </message>
    <message>
        <source>Level shift: the level moved away from %1 by %2 noise sd (a shift needs %3) and stayed there; later days are judged against the new level</source>
        <translation>Changement de niveau : le niveau s’est éloigné de %1 de %2 écarts-types du bruit (un changement en demande %3) et y est resté ; les jours suivants sont jugés par rapport au nouveau niveau</translation>
    </message>
    <message>
        <source>robust z = %1 against the expected season and level (|z| ≥ %2)</source>
        <translation>z robuste = %1 par rapport à la saison et au niveau attendus (|z| ≥ %2)</translation>
    </message>
</context>
<context>
    <name>Ui::LogModel</name>
    <message>
        <source>unreadable</source>
        <translation>illisible</translation>
    </message>
    <message>
        <source>This line is not a log entry; it is shown as it is in the file:
%1</source>
        <translation>Cette ligne n’est pas une entrée du journal ; elle est affichée telle qu’elle figure dans le fichier :
%1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Niveau</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Contexte</translation>
    </message>
</context>
<context>
    <name>Ui::LogView</name>
    <message>
        <source>The log folder %1 does not exist yet.</source>
        <translation>Le dossier des journaux %1 n’existe pas encore.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Impossible de lire %1 : %2</translation>
    </message>
    <message>
        <source>&amp;Level:</source>
        <translation>&amp;Niveau :</translation>
    </message>
    <message>
        <source>All levels</source>
        <translation>Tous les niveaux</translation>
    </message>
    <message>
        <source>Info and above</source>
        <translation>Info et au-dessus</translation>
    </message>
    <message>
        <source>Warnings and above</source>
        <translation>Avertissements et au-dessus</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Erreurs seulement</translation>
    </message>
    <message>
        <source>Minimum level</source>
        <translation>Niveau minimal</translation>
    </message>
    <message>
        <source>Shows entries of this level and above. Unreadable lines are always shown.</source>
        <translation>Affiche les entrées de ce niveau et au-dessus. Les lignes illisibles sont toujours affichées.</translation>
    </message>
    <message>
        <source>C&amp;ategory:</source>
        <translation>&amp;Catégorie :</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>Toutes les catégories</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <source>Search messages and context</source>
        <translation>Rechercher dans les messages et le contexte</translation>
    </message>
    <message>
        <source>Search the log</source>
        <translation>Rechercher dans le journal</translation>
    </message>
    <message>
        <source>A&amp;uto-refresh</source>
        <translation>Act&amp;ualisation automatique</translation>
    </message>
    <message>
        <source>Refresh automatically</source>
        <translation>Actualiser automatiquement</translation>
    </message>
    <message>
        <source>Shows new entries as they are written while this view is open.</source>
        <translation>Affiche les nouvelles entrées dès leur écriture tant que cette vue est ouverte.</translation>
    </message>
    <message>
        <source>Refresh the log</source>
        <translation>Actualiser le journal</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>Cop&amp;ier</translation>
    </message>
    <message>
        <source>Copy the selected entries</source>
        <translation>Copier les entrées sélectionnées</translation>
    </message>
    <message>
        <source>Copies the selected entries as they are in the log file (Ctrl+C).</source>
        <translation>Copie les entrées sélectionnées telles qu’elles figurent dans le fichier journal (Ctrl+C).</translation>
    </message>
    <message>
        <source>&amp;Open Log Folder</source>
        <translation>&amp;Ouvrir le dossier des journaux</translation>
    </message>
    <message>
        <source>Open the log folder</source>
        <translation>Ouvrir le dossier des journaux</translation>
    </message>
    <message>
        <source>Log entries</source>
        <translation>Entrées du journal</translation>
    </message>
    <message>
        <source>Log status</source>
        <translation>État du journal</translation>
    </message>
    <message>
        <source>Reading the log files…</source>
        <translation>Lecture des fichiers journaux…</translation>
    </message>
    <message>
        <source>No log files in %1 yet.</source>
        <translation>Pas encore de fichiers journaux dans %1.</translation>
    </message>
    <message>
        <source>Showing %1 of %2 entries (newest first) from %3 in %4.</source>
        <translation>%1 entrées affichées sur %2 (les plus récentes d’abord), de %3 dans %4.</translation>
    </message>
    <message>
        <source>Only the newest %1 entries or %2 MB are loaded; older entries are in the files in the log folder.</source>
        <translation>Seules les %1 entrées ou %2 Mo les plus récents sont chargés ; les entrées plus anciennes sont dans les fichiers du dossier des journaux.</translation>
    </message>
    <message>
        <source>Lines that are not log entries, shown as raw text: %1.</source>
        <translation>Lignes qui ne sont pas des entrées du journal, affichées en texte brut : %1.</translation>
    </message>
    <message>
        <source>Could not open %1.</source>
        <translation>Impossible d’ouvrir %1.</translation>
    </message>
    <message>
        <source>R&amp;efresh</source>
        <translation>Actualis&amp;er</translation>
    </message>
</context>
<context>
    <name>Ui::MainWindow</name>
    <message>
        <source>%1

Database: %2</source>
        <translation>%1

Base de données : %2</translation>
    </message>
    <message>
        <source>

This location was chosen in Settings. Start SmartData with --db PATH to open another database and change the setting there.</source>
        <translation>

Cet emplacement a été choisi dans les paramètres. Lancez SmartData avec --db CHEMIN pour ouvrir une autre base de données, puis modifiez ce paramètre.</translation>
    </message>
    <message>
        <source>SmartData cannot open its database</source>
        <translation>SmartData ne peut pas ouvrir sa base de données</translation>
    </message>
    <message>
        <source>SmartData</source>
        <translation>SmartData</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importer…</translation>
    </message>
    <message>
        <source>Import &amp;Recent</source>
        <translation>Imports &amp;récents</translation>
    </message>
    <message>
        <source>Load &amp;Sample Data</source>
        <translation>Charger les données d’&amp;exemple</translation>
    </message>
    <message>
        <source>Export Data as &amp;CSV…</source>
        <translation>Exporter les données en &amp;CSV…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Paramètres…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>A&amp;ctualiser</translation>
    </message>
    <message>
        <source>&amp;Find Metric</source>
        <translation>&amp;Rechercher une métrique</translation>
    </message>
    <message>
        <source>&amp;Trend and Anomalies</source>
        <translation>&amp;Tendance et anomalies</translation>
    </message>
    <message>
        <source>&amp;Forecast</source>
        <translation>&amp;Prévision</translation>
    </message>
    <message>
        <source>Import &amp;History</source>
        <translation>&amp;Historique des imports</translation>
    </message>
    <message>
        <source>&amp;Jobs</source>
        <translation>Tâ&amp;ches</translation>
    </message>
    <message>
        <source>&amp;API Server</source>
        <translation>Ser&amp;veur API</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aid&amp;e</translation>
    </message>
    <message>
        <source>&amp;About SmartData</source>
        <translation>À &amp;propos de SmartData</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>À propos de &amp;Qt</translation>
    </message>
    <message>
        <source>&lt;h2&gt;No data yet&lt;/h2&gt;&lt;p&gt;Drop CSV or JSON event files anywhere on this window to import them,&lt;br&gt;or choose File → Import (Ctrl+O).&lt;/p&gt;&lt;p&gt;A file needs a &lt;b&gt;timestamp&lt;/b&gt; and a &lt;b&gt;value&lt;/b&gt; column; &lt;b&gt;metric&lt;/b&gt;, &lt;b&gt;user_id&lt;/b&gt; and &lt;b&gt;event_id&lt;/b&gt; are optional.&lt;br&gt;CSV, TSV, JSON and NDJSON are read, also gzip-compressed.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Pas encore de données&lt;/h2&gt;&lt;p&gt;Déposez des fichiers d’événements CSV ou JSON n’importe où sur cette fenêtre pour les importer,&lt;br&gt;ou choisissez Fichier → Importer (Ctrl+O).&lt;/p&gt;&lt;p&gt;Un fichier doit avoir une colonne &lt;b&gt;timestamp&lt;/b&gt; et une colonne &lt;b&gt;value&lt;/b&gt; ; &lt;b&gt;metric&lt;/b&gt;, &lt;b&gt;user_id&lt;/b&gt; et &lt;b&gt;event_id&lt;/b&gt; sont facultatives.&lt;br&gt;Les formats CSV, TSV, JSON et NDJSON sont lus, y compris compressés avec gzip.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Empty dashboard</source>
        <translation>Tableau de bord vide</translation>
    </message>
    <message>
        <source>Load sample data</source>
        <translation>Charger les données d’exemple</translation>
    </message>
    <message>
        <source>One year of a small web shop&apos;s orders, page views and signups.</source>
        <translation>Un an de commandes, de pages vues et d’inscriptions d’une petite boutique en ligne.</translation>
    </message>
    <message>
        <source>Import a file…</source>
        <translation>Importer un fichier…</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>7 derniers jours</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>30 derniers jours</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>90 derniers jours</translation>
    </message>
    <message>
        <source>Last 365 days</source>
        <translation>365 derniers jours</translation>
    </message>
    <message>
        <source>All days</source>
        <translation>Tous les jours</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Personnalisé</translation>
    </message>
    <message>
        <source>Counted back from the metric&apos;s last day with data.</source>
        <translation>Compté à rebours depuis le dernier jour de la métrique ayant des données.</translation>
    </message>
    <message>
        <source>Date range</source>
        <translation>Période</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>Premier jour</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>Dernier jour</translation>
    </message>
    <message>
        <source>Value shown</source>
        <translation>Valeur affichée</translation>
    </message>
    <message>
        <source>&amp;Range:</source>
        <translation>&amp;Période :</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Afficher :</translation>
    </message>
    <message>
        <source>Trend and anomalies</source>
        <translation>Tendance et anomalies</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>Prévision</translation>
    </message>
    <message>
        <source>Import history</source>
        <translation>Historique des imports</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Tâches</translation>
    </message>
    <message>
        <source>API server</source>
        <translation>Serveur API</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>Base de données : %1</translation>
    </message>
    <message>
        <source>Counting events…</source>
        <translation>Comptage des événements…</translation>
    </message>
    <message>
        <source>Events: %1 · daily rows: %2 · imports: %3</source>
        <translation>Événements : %1 · lignes quotidiennes : %2 · imports : %3</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 — loading…</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2 — chargement…</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; : %2</translation>
    </message>
    <message>
        <source>Detecting anomalies…</source>
        <translation>Détection des anomalies…</translation>
    </message>
    <message>
        <source>Forecasting… (fitting models and backtesting)</source>
        <translation>Prévision en cours… (ajustement des modèles et backtest)</translation>
    </message>
    <message>
        <source>Started: %1</source>
        <translation>Démarré : %1</translation>
    </message>
    <message>
        <source>%1: %2% %3</source>
        <translation>%1 : %2 % %3</translation>
    </message>
    <message>
        <source>%1 finished: %2</source>
        <translation>%1 terminé : %2</translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <translation>%1 %2 : %3</translation>
    </message>
    <message>
        <source>Import Events</source>
        <translation>Importer des événements</translation>
    </message>
    <message>
        <source>Event files (*.csv *.tsv *.txt *.json *.ndjson *.jsonl *.gz);;All files (*)</source>
        <translation>Fichiers d’événements (*.csv *.tsv *.txt *.json *.ndjson *.jsonl *.gz);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Cannot import this file</source>
        <translation>Impossible d’importer ce fichier</translation>
    </message>
    <message>
        <source>The sample data is missing from this build.</source>
        <translation>Les données d’exemple manquent dans cette version.</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Échec de l’export</translation>
    </message>
    <message>
        <source>Export Data</source>
        <translation>Exporter les données</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <source>Data saved to %1</source>
        <translation>Données enregistrées dans %1</translation>
    </message>
    <message>
        <source>&amp;Log</source>
        <translation>&amp;Journal</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Journal</translation>
    </message>
    <message>
        <source>the database location chosen in Settings</source>
        <translation>l’emplacement de la base de données choisi dans les paramètres</translation>
    </message>
    <message>
        <source>View saved as &quot;%1&quot;</source>
        <translation>Vue enregistrée sous « %1 »</translation>
    </message>
    <message>
        <source>The view &quot;%1&quot; shows %2/%3, which has no data now.</source>
        <translation>La vue « %1 » affiche %2/%3, qui n’a actuellement aucune donnée.</translation>
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
        <translation>La détection d’anomalies porte sur la somme, le nombre, la moyenne ou les utilisateurs distincts ; choisissez l’une de ces valeurs sous « Afficher ».</translation>
    </message>
    <message>
        <source>Forecasts are fitted on the sum, count, average or distinct users; choose one of them under Show.</source>
        <translation>Les prévisions sont ajustées sur la somme, le nombre, la moyenne ou les utilisateurs distincts ; choisissez l’une de ces valeurs sous « Afficher ».</translation>
    </message>
    <message>
        <source>%1 — %2: history and forecast</source>
        <translation>%1 — %2 : historique et prévision</translation>
    </message>
    <message>
        <source>Anomalous days found: %1.</source>
        <translation>Jours anormaux trouvés : %1.</translation>
    </message>
    <message>
        <source>Saved &amp;Views</source>
        <translation>Vues &amp;enregistrées</translation>
    </message>
    <message>
        <source>&amp;Save Current View…</source>
        <translation>&amp;Enregistrer la vue actuelle…</translation>
    </message>
    <message>
        <source>Save View</source>
        <translation>Enregistrer la vue</translation>
    </message>
    <message>
        <source>Name of this view:</source>
        <translation>Nom de cette vue :</translation>
    </message>
    <message>
        <source>%1/%2</source>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Supprimer</translation>
    </message>
    <message>
        <source>Export &amp;Chart…</source>
        <translation>Exporter le gra&amp;phique…</translation>
    </message>
</context>
<context>
    <name>Ui::MetricSidebar</name>
    <message>
        <source>Filter sources and metrics</source>
        <translation>Filtrer les sources et les métriques</translation>
    </message>
    <message>
        <source>Sources and metrics</source>
        <translation>Sources et métriques</translation>
    </message>
    <message>
        <source>Days with data: %1</source>
        <translation>Jours avec des données : %1</translation>
    </message>
</context>
<context>
    <name>Ui::RejectReason</name>
    <message>
        <source>not a date or time SmartData can read</source>
        <translation>pas une date ou une heure que SmartData sait lire</translation>
    </message>
    <message>
        <source>date outside the years 0001–9999, or a negative epoch number</source>
        <translation>date hors des années 0001–9999, ou nombre epoch négatif</translation>
    </message>
    <message>
        <source>no timestamp</source>
        <translation>pas d’horodatage</translation>
    </message>
    <message>
        <source>no value</source>
        <translation>pas de valeur</translation>
    </message>
    <message>
        <source>the value is not a number</source>
        <translation>la valeur n’est pas un nombre</translation>
    </message>
    <message>
        <source>the value is infinite or not a number (NaN)</source>
        <translation>la valeur est infinie ou n’est pas un nombre (NaN)</translation>
    </message>
    <message>
        <source>text that is not valid UTF-8</source>
        <translation>texte qui n’est pas de l’UTF-8 valide</translation>
    </message>
    <message>
        <source>a different number of fields than the header</source>
        <translation>un nombre de champs différent de l’en-tête</translation>
    </message>
    <message>
        <source>the line is not valid JSON</source>
        <translation>la ligne n’est pas du JSON valide</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>pas un objet JSON</translation>
    </message>
    <message>
        <source>a source or metric name with control characters or over 200 characters</source>
        <translation>un nom de source ou de métrique avec des caractères de contrôle ou de plus de 200 caractères</translation>
    </message>
</context>
<context>
    <name>Ui::RejectedRowsDialog</name>
    <message>
        <source>Rejected rows of %1 (import %2)</source>
        <translation>Lignes rejetées de %1 (import %2)</translation>
    </message>
    <message>
        <source>Reading the rejected rows…</source>
        <translation>Lecture des lignes rejetées…</translation>
    </message>
    <message>
        <source>&amp;Save to Fix and Import Again…</source>
        <translation>&amp;Enregistrer pour corriger et réimporter…</translation>
    </message>
    <message>
        <source>Writes the rejected records as they were received (a CSV import&apos;s header first), ready to be corrected and imported again.</source>
        <translation>Écrit les enregistrements rejetés tels qu’ils ont été reçus (l’en-tête d’abord pour un import CSV), prêts à être corrigés et réimportés.</translation>
    </message>
    <message>
        <source>This import rejected no rows.</source>
        <translation>Cet import n’a rejeté aucune ligne.</translation>
    </message>
    <message>
        <source>%1 rejected rows. Save them to a file, correct them there and import that file again.</source>
        <translation>%1 lignes rejetées. Enregistrez-les dans un fichier, corrigez-les-y et importez ce fichier à nouveau.</translation>
    </message>
    <message>
        <source>Save Rejected Rows</source>
        <translation>Enregistrer les lignes rejetées</translation>
    </message>
    <message>
        <source>NDJSON files (*.ndjson)</source>
        <translation>Fichiers NDJSON (*.ndjson)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <source>Saved %1 rows to %2: fix them there and import that file again.</source>
        <translation>%1 lignes enregistrées dans %2 : corrigez-les-y et importez ce fichier à nouveau.</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>Impossible d’enregistrer %1 : %2</translation>
    </message>
</context>
<context>
    <name>Ui::RejectedRowsModel</name>
    <message>
        <source>Line</source>
        <translation>Ligne</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Colonne</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Raison</translation>
    </message>
    <message>
        <source>Record as received</source>
        <translation>Enregistrement tel que reçu</translation>
    </message>
</context>
<context>
    <name>Ui::RollupText</name>
    <message>
        <source>Day</source>
        <translation>Jour</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>Semaine</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Mois</translation>
    </message>
</context>
<context>
    <name>Ui::ScheduleWords</name>
    <message>
        <source>off</source>
        <translation>désactivé</translation>
    </message>
    <message>
        <source>%1 (not a valid rule)</source>
        <translation>%1 (règle non valide)</translation>
    </message>
    <message>
        <source>daily at %1, %2</source>
        <translation>tous les jours à %1, %2</translation>
    </message>
    <message>
        <source>every %1 at %2, %3</source>
        <translation>chaque %1 à %2, %3</translation>
    </message>
    <message>
        <source>monthly on day %1 at %2, %3</source>
        <translation>tous les mois le %1 à %2, %3</translation>
    </message>
    <message>
        <source>hourly at minute %1, %2</source>
        <translation>toutes les heures à la minute %1, %2</translation>
    </message>
    <message>
        <source>every %1 minutes</source>
        <translation>toutes les %1 minutes</translation>
    </message>
    <message>
        <source>%1 (cron), %2</source>
        <translation>%1 (cron), %2</translation>
    </message>
</context>
<context>
    <name>Ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Database location</source>
        <translation>Emplacement de la base de données</translation>
    </message>
    <message>
        <source>A SQLite file, or a postgresql://user@host/dbname URL. Empty: the default location.</source>
        <translation>Un fichier SQLite, ou une URL postgresql://utilisateur@hôte/base. Vide : l’emplacement par défaut.</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Parcourir…</translation>
    </message>
    <message>
        <source>Now in use: %1&lt;br&gt;&lt;i&gt;A new location takes effect the next time SmartData starts.&lt;/i&gt;</source>
        <translation>Utilisée actuellement : %1&lt;br&gt;&lt;i&gt;Un nouvel emplacement prend effet au prochain démarrage de SmartData.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>System default (%1)</source>
        <translation>Langue du système (%1)</translation>
    </message>
    <message>
        <source>KPI timezone</source>
        <translation>Fuseau horaire des indicateurs</translation>
    </message>
    <message>
        <source>&lt;i&gt;The zone whose midnight starts a day. It applies to events imported from now on; days already stored keep the zone they were imported with.&lt;/i&gt;</source>
        <translation>&lt;i&gt;Le fuseau dont le minuit ouvre une journée. Il s’applique aux événements importés à partir de maintenant ; les jours déjà enregistrés gardent le fuseau de leur import.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;Base de données :</translation>
    </message>
    <message>
        <source>&amp;KPI timezone:</source>
        <translation>&amp;Fuseau des indicateurs :</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Langue :</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Général</translation>
    </message>
    <message>
        <source>Schedule timezone</source>
        <translation>Fuseau horaire des planifications</translation>
    </message>
    <message>
        <source>&amp;Timezone of the times:</source>
        <translation>&amp;Fuseau des heures :</translation>
    </message>
    <message>
        <source>Schedule of %1</source>
        <translation>Planification de %1</translation>
    </message>
    <message>
        <source>%1. Default: %2</source>
        <translation>%1. Par défaut : %2</translation>
    </message>
    <message>
        <source>&lt;i&gt;A rule such as &lt;b&gt;daily 02:30&lt;/b&gt;, &lt;b&gt;weekly sun 03:30&lt;/b&gt; or a cron line (&lt;b&gt;minute hour day month weekday&lt;/b&gt;, e.g. &lt;b&gt;15 2 * * *&lt;/b&gt;); &lt;b&gt;off&lt;/b&gt; disables the job, &lt;b&gt;default&lt;/b&gt; restores its own rule.&lt;/i&gt;</source>
        <translation>&lt;i&gt;Une règle comme &lt;b&gt;daily 02:30&lt;/b&gt;, &lt;b&gt;weekly sun 03:30&lt;/b&gt; ou une ligne cron (&lt;b&gt;minute heure jour mois jour-de-semaine&lt;/b&gt;, par ex. &lt;b&gt;15 2 * * *&lt;/b&gt;) ; &lt;b&gt;off&lt;/b&gt; désactive la tâche, &lt;b&gt;default&lt;/b&gt; rétablit sa règle d’origine.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Schedules</source>
        <translation>Planifications</translation>
    </message>
    <message>
        <source>Rolling z-score</source>
        <translation>Score z glissant</translation>
    </message>
    <message>
        <source>Robust z (median/MAD)</source>
        <translation>Score z robuste (médiane/MAD)</translation>
    </message>
    <message>
        <source>Isolation Forest</source>
        <translation>Isolation Forest</translation>
    </message>
    <message>
        <source> days</source>
        <translation> jours</translation>
    </message>
    <message>
        <source>Compare with the same weekday</source>
        <translation>Comparer au même jour de la semaine</translation>
    </message>
    <message>
        <source>&amp;Method:</source>
        <translation>&amp;Méthode :</translation>
    </message>
    <message>
        <source>&amp;Window:</source>
        <translation>F&amp;enêtre :</translation>
    </message>
    <message>
        <source>&amp;Threshold |z|:</source>
        <translation>&amp;Seuil |z| :</translation>
    </message>
    <message>
        <source>&lt;i&gt;The detector settings the dashboard starts with.&lt;/i&gt;</source>
        <translation>&lt;i&gt;Les réglages du détecteur au démarrage du tableau de bord.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Anomaly detection</source>
        <translation>Détection d’anomalies</translation>
    </message>
    <message>
        <source>Database Location</source>
        <translation>Emplacement de la base de données</translation>
    </message>
    <message>
        <source>SQLite databases (*.db *.sqlite);;All files (*)</source>
        <translation>Bases SQLite (*.db *.sqlite);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Database: “%1” is not a valid URL; write it as postgresql://user@host[:port]/dbname.</source>
        <translation>Base de données : « %1 » n’est pas une URL valide ; écrivez-la sous la forme postgresql://utilisateur@hôte[:port]/base.</translation>
    </message>
    <message>
        <source>Database: only SQLite files and postgresql:// URLs are supported, not “%1”.</source>
        <translation>Base de données : seuls les fichiers SQLite et les URL postgresql:// sont pris en charge, pas « %1 ».</translation>
    </message>
    <message>
        <source>Database: give the full path of the file (it starts with /), not “%1”.</source>
        <translation>Base de données : indiquez le chemin complet du fichier (il commence par /), pas « %1 ».</translation>
    </message>
    <message>
        <source>Database: “%1” is a folder; choose a file name inside it.</source>
        <translation>Base de données : « %1 » est un dossier ; choisissez un nom de fichier à l’intérieur.</translation>
    </message>
    <message>
        <source>Database: the folder “%1” does not exist.</source>
        <translation>Base de données : le dossier « %1 » n’existe pas.</translation>
    </message>
    <message>
        <source>Database: the folder “%1” is not writable.</source>
        <translation>Base de données : le dossier « %1 » n’est pas accessible en écriture.</translation>
    </message>
    <message>
        <source>KPI timezone: “%1” is not a known timezone; use an IANA name such as Europe/Berlin or UTC.</source>
        <translation>Fuseau des indicateurs : « %1 » n’est pas un fuseau connu ; utilisez un nom IANA comme Europe/Paris ou UTC.</translation>
    </message>
    <message>
        <source>Schedule timezone: “%1” is not a known timezone; use an IANA name such as Europe/Berlin or UTC.</source>
        <translation>Fuseau des planifications : « %1 » n’est pas un fuseau connu ; utilisez un nom IANA comme Europe/Paris ou UTC.</translation>
    </message>
    <message>
        <source>Schedule of %1: empty; write a rule, “off” or “default”.</source>
        <translation>Planification de %1 : vide ; indiquez une règle, « off » ou « default ».</translation>
    </message>
    <message>
        <source>Schedule of %1: “%2” is not a valid rule (%3).</source>
        <translation>Planification de %1 : « %2 » n’est pas une règle valide (%3).</translation>
    </message>
    <message>
        <source>Anomaly window: %1 is outside %2 to %3 days.</source>
        <translation>Fenêtre d’anomalie : %1 est hors de l’intervalle de %2 à %3 jours.</translation>
    </message>
    <message>
        <source>Anomaly threshold: it must be greater than 0.</source>
        <translation>Seuil d’anomalie : il doit être supérieur à 0.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Please correct:&lt;/b&gt;</source>
        <translation>&lt;b&gt;Veuillez corriger :&lt;/b&gt;</translation>
    </message>
    <message>
        <source>KPI timezone not stored: %1</source>
        <translation>Fuseau des indicateurs non enregistré : %1</translation>
    </message>
    <message>
        <source>Schedule timezone not stored: %1</source>
        <translation>Fuseau des planifications non enregistré : %1</translation>
    </message>
    <message>
        <source>Schedule of %1 not stored: %2</source>
        <translation>Planification de %1 non enregistrée : %2</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Apparence</translation>
    </message>
    <message>
        <source>&amp;Appearance:</source>
        <translation>&amp;Apparence :</translation>
    </message>
    <message>
        <source>Season + level, robust test (default)</source>
        <translation>Saisonnalité + niveau, test robuste (par défaut)</translation>
    </message>
</context>
<context>
    <name>Ui::ThemeManager</name>
    <message>
        <source>Follow the desktop</source>
        <translation>Suivre le bureau</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Clair</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Sombre</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>smartdata: no display available (DISPLAY and WAYLAND_DISPLAY are not set); run a command instead, see &apos;smartdata --help&apos;.</source>
        <translation>smartdata : aucun affichage disponible (DISPLAY et WAYLAND_DISPLAY ne sont pas définis) ; lancez plutôt une commande, voir « smartdata --help ».</translation>
    </message>
</context>
</TS>
