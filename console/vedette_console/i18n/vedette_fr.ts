<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>AlarmDesk</name>
        <message>
            <location filename="../alarms/desk.py" />
            <source>Alarm list</source>
            <translation>Liste des alarmes</translation>
        </message>
        <message>
            <location filename="../alarms/desk.py" />
            <source>Alarm status</source>
            <translation>État des alarmes</translation>
        </message>
        <message>
            <location filename="../alarms/desk.py" />
            <source>This alarm has no recording to play</source>
            <translation>Cette alarme n'a pas d'enregistrement à lire</translation>
        </message>
    </context>
    <context>
        <name>AlarmDetail</name>
        <message>
            <location filename="../alarms/detail.py" />
            <source>Activities</source>
            <translation>Activités</translation>
        </message>
        <message>
            <location filename="../alarms/detail.py" />
            <source>Cameras: {names}</source>
            <translation>Caméras : {names}</translation>
        </message>
        <message>
            <location filename="../alarms/detail.py" />
            <source>Change</source>
            <translation>Modification</translation>
        </message>
        <message>
            <location filename="../alarms/detail.py" />
            <source>Instructions: {text}</source>
            <translation>Consignes : {text}</translation>
        </message>
        <message>
            <location filename="../alarms/detail.py" />
            <source>No alarm selected</source>
            <translation>Aucune alarme sélectionnée</translation>
        </message>
        <message>
            <location filename="../alarms/detail.py" />
            <source>No camera (server-wide)</source>
            <translation>Aucune caméra (tout le serveur)</translation>
        </message>
        <message>
            <location filename="../alarms/detail.py" />
            <source>Play</source>
            <translation>Lire</translation>
        </message>
        <message>
            <location filename="../alarms/detail.py" />
            <source>Play the alarm's cameras from before its first trigger</source>
            <translation>Lire les caméras de l'alarme depuis un peu avant son premier déclenchement</translation>
        </message>
        <message>
            <location filename="../alarms/detail.py" />
            <source>Text</source>
            <translation>Texte</translation>
        </message>
        <message>
            <location filename="../alarms/detail.py" />
            <source>Time</source>
            <translation>Heure</translation>
        </message>
        <message>
            <location filename="../alarms/detail.py" />
            <source>What</source>
            <translation>Quoi</translation>
        </message>
        <message>
            <location filename="../alarms/detail.py" />
            <source>Who</source>
            <translation>Qui</translation>
        </message>
        <message>
            <location filename="../alarms/detail.py" />
            <source>nobody</source>
            <translation>personne</translation>
        </message>
        <message>
            <location filename="../alarms/detail.py" />
            <source>{state} · {priority} · rule “{rule}” · {count} trigger(s) · owner {owner}</source>
            <translation>{state} · {priority} · règle « {rule} » · {count} déclenchement(s) · responsable {owner}</translation>
        </message>
    </context>
    <context>
        <name>AlarmListView</name>
        <message>
            <location filename="../alarms/list_view.py" />
            <source>Acknowledge</source>
            <translation>Acquitter</translation>
        </message>
        <message>
            <location filename="../alarms/list_view.py" />
            <source>Alarm {id}: {reason}</source>
            <translation>Alarme {id} : {reason}</translation>
        </message>
        <message>
            <location filename="../alarms/list_view.py" />
            <source>Alarms</source>
            <translation>Alarmes</translation>
        </message>
        <message>
            <location filename="../alarms/list_view.py" />
            <source>Any camera</source>
            <translation>Toutes les caméras</translation>
        </message>
        <message>
            <location filename="../alarms/list_view.py" />
            <source>Assign</source>
            <translation>Attribuer</translation>
        </message>
        <message>
            <location filename="../alarms/list_view.py" />
            <source>Assign…</source>
            <translation>Attribuer…</translation>
        </message>
        <message>
            <location filename="../alarms/list_view.py" />
            <source>Close…</source>
            <translation>Clôturer…</translation>
        </message>
        <message>
            <location filename="../alarms/list_view.py" />
            <source>Comment</source>
            <translation>Commentaire</translation>
        </message>
        <message>
            <location filename="../alarms/list_view.py" />
            <source>Comment…</source>
            <translation>Commenter…</translation>
        </message>
        <message>
            <location filename="../alarms/list_view.py" />
            <source>Hold</source>
            <translation>Mettre en attente</translation>
        </message>
        <message>
            <location filename="../alarms/list_view.py" />
            <source>Manual alarm</source>
            <translation>Alarme manuelle</translation>
        </message>
        <message>
            <location filename="../alarms/list_view.py" />
            <source>Manual alarm…</source>
            <translation>Alarme manuelle…</translation>
        </message>
        <message>
            <location filename="../alarms/list_view.py" />
            <source>Reopen</source>
            <translation>Rouvrir</translation>
        </message>
        <message>
            <location filename="../alarms/list_view.py" />
            <source>Resume</source>
            <translation>Reprendre</translation>
        </message>
        <message>
            <location filename="../alarms/list_view.py" />
            <source>Search title, rule, category, owner</source>
            <translation>Rechercher titre, règle, catégorie, responsable</translation>
        </message>
        <message>
            <location filename="../alarms/list_view.py" />
            <source>Take</source>
            <translation>Prendre en charge</translation>
        </message>
        <message>
            <location filename="../alarms/list_view.py" />
            <source>The alarms could not be read: {error}</source>
            <translation>Impossible de lire les alarmes : {error}</translation>
        </message>
        <message>
            <location filename="../alarms/list_view.py" />
            <source>User name</source>
            <translation>Nom d'utilisateur</translation>
        </message>
        <message>
            <location filename="../alarms/list_view.py" />
            <source>What is happening</source>
            <translation>Ce qui se passe</translation>
        </message>
        <message>
            <location filename="../alarms/list_view.py" />
            <source>someone</source>
            <translation>quelqu'un</translation>
        </message>
        <message>
            <location filename="../alarms/list_view.py" />
            <source>{count} alarms selected</source>
            <translation>{count} alarmes sélectionnées</translation>
        </message>
        <message>
            <location filename="../alarms/list_view.py" />
            <source>“{title}” was changed by {actor} meanwhile; reloaded.</source>
            <translation>« {title} » a été modifiée entre-temps par {actor} ; rechargée.</translation>
        </message>
    </context>
    <context>
        <name>AlarmStatusPage</name>
        <message>
            <location filename="../alarms/status_page.py" />
            <source>Alarm</source>
            <translation>Alarme</translation>
        </message>
        <message>
            <location filename="../alarms/status_page.py" />
            <source>Alarm status</source>
            <translation>État des alarmes</translation>
        </message>
        <message>
            <location filename="../alarms/status_page.py" />
            <source>By</source>
            <translation>Par</translation>
        </message>
        <message>
            <location filename="../alarms/status_page.py" />
            <source>Clear buzzer</source>
            <translation>Arrêter le buzzer</translation>
        </message>
        <message>
            <location filename="../alarms/status_page.py" />
            <source>Count</source>
            <translation>Nombre</translation>
        </message>
        <message>
            <location filename="../alarms/status_page.py" />
            <source>Open alarms</source>
            <translation>Alarmes ouvertes</translation>
        </message>
        <message>
            <location filename="../alarms/status_page.py" />
            <source>Output or device</source>
            <translation>Sortie ou périphérique</translation>
        </message>
        <message>
            <location filename="../alarms/status_page.py" />
            <source>Outputs and I/O devices</source>
            <translation>Sorties et périphériques d'E/S</translation>
        </message>
        <message>
            <location filename="../alarms/status_page.py" />
            <source>Owner</source>
            <translation>Responsable</translation>
        </message>
        <message>
            <location filename="../alarms/status_page.py" />
            <source>Play recording</source>
            <translation>Lire l'enregistrement</translation>
        </message>
        <message>
            <location filename="../alarms/status_page.py" />
            <source>Play the selected alarm's cameras at the alarm</source>
            <translation>Lire les caméras de l'alarme sélectionnée au moment de l'alarme</translation>
        </message>
        <message>
            <location filename="../alarms/status_page.py" />
            <source>Priority</source>
            <translation>Priorité</translation>
        </message>
        <message>
            <location filename="../alarms/status_page.py" />
            <source>Silence the alarm sound on every console</source>
            <translation>Couper le son d'alarme sur toutes les consoles</translation>
        </message>
        <message>
            <location filename="../alarms/status_page.py" />
            <source>Silence this console for five minutes</source>
            <translation>Couper le son de cette console pendant cinq minutes</translation>
        </message>
        <message>
            <location filename="../alarms/status_page.py" />
            <source>Since</source>
            <translation>Depuis</translation>
        </message>
        <message>
            <location filename="../alarms/status_page.py" />
            <source>Snooze 5 min</source>
            <translation>Silence 5 min</translation>
        </message>
        <message>
            <location filename="../alarms/status_page.py" />
            <source>Sound: on (a high-priority alarm is new)</source>
            <translation>Son : actif (nouvelle alarme de priorité haute)</translation>
        </message>
        <message>
            <location filename="../alarms/status_page.py" />
            <source>Sound: quiet</source>
            <translation>Son : silencieux</translation>
        </message>
        <message>
            <location filename="../alarms/status_page.py" />
            <source>Sound: snoozed</source>
            <translation>Son : suspendu</translation>
        </message>
        <message>
            <location filename="../alarms/status_page.py" />
            <source>Source</source>
            <translation>Source</translation>
        </message>
        <message>
            <location filename="../alarms/status_page.py" />
            <source>State</source>
            <translation>État</translation>
        </message>
        <message>
            <location filename="../alarms/status_page.py" />
            <source>Until</source>
            <translation>Jusqu'à</translation>
        </message>
        <message>
            <location filename="../alarms/status_page.py" />
            <source>off</source>
            <translation>désactivé</translation>
        </message>
        <message>
            <location filename="../alarms/status_page.py" />
            <source>offline: {why}</source>
            <translation>hors ligne : {why}</translation>
        </message>
        <message>
            <location filename="../alarms/status_page.py" />
            <source>on</source>
            <translation>activé</translation>
        </message>
        <message>
            <location filename="../alarms/status_page.py" />
            <source>online</source>
            <translation>en ligne</translation>
        </message>
    </context>
    <context>
        <name>AlarmTableModel</name>
        <message>
            <location filename="../alarms/table.py" />
            <source>{state} (escalated)</source>
            <translation>{state} (escaladée)</translation>
        </message>
    </context>
    <context>
        <name>Alarms</name>
        <message>
            <location filename="../alarms/toasts.py" />
            <source>+{count} more</source>
            <translation>+{count} autres</translation>
        </message>
        <message>
            <location filename="../alarms/list_view.py" />
            <source>All</source>
            <translation>Toutes</translation>
        </message>
        <message>
            <location filename="../alarms/list_view.py" />
            <source>Any priority</source>
            <translation>Toutes priorités</translation>
        </message>
        <message>
            <location filename="../alarms/table.py" />
            <source>Camera</source>
            <translation>Caméra</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>Camera offline</source>
            <translation>Caméra hors ligne</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>Camera {id}</source>
            <translation>Caméra {id}</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>Closed</source>
            <translation>Clôturée</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>Closed by the system</source>
            <translation>Clôturée par le système</translation>
        </message>
        <message>
            <location filename="../alarms/table.py" />
            <source>Count</source>
            <translation>Nombre</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>Disk error</source>
            <translation>Erreur de disque</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>Disk failing (S.M.A.R.T.)</source>
            <translation>Disque défaillant (S.M.A.R.T.)</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>Disk full</source>
            <translation>Disque plein</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>Disk removed</source>
            <translation>Disque retiré</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>False alarm</source>
            <translation>Fausse alarme</translation>
        </message>
        <message>
            <location filename="../alarms/list_view.py" />
            <location filename="../alarms/words.py" />
            <source>High</source>
            <translation>Haute</translation>
        </message>
        <message>
            <location filename="../alarms/list_view.py" />
            <source>High and medium</source>
            <translation>Haute et moyenne</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>I/O device offline</source>
            <translation>Module d'E/S hors ligne</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>I/O device {device} back online</source>
            <translation>module d'E/S {device} de nouveau en ligne</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>I/O device {device} offline</source>
            <translation>module d'E/S {device} hors ligne</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>I/O device {device} offline: {detail}</source>
            <translation>module d'E/S {device} hors ligne : {detail}</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>IP address {address} ({interface}) also used by {other}</source>
            <translation>adresse IP {address} ({interface}) utilisée aussi par {other}</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>IP address {address} ({interface}) no longer used by {other}</source>
            <translation>adresse IP {address} ({interface}) plus utilisée par {other}</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>IP conflict</source>
            <translation>Conflit d'adresse IP</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>Illegal access</source>
            <translation>Accès illégal</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>In progress</source>
            <translation>En cours</translation>
        </message>
        <message>
            <location filename="../alarms/table.py" />
            <source>Last</source>
            <translation>Dernière</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>Low</source>
            <translation>Basse</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>Manual alarm</source>
            <translation>Alarme manuelle</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>Medium</source>
            <translation>Moyenne</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>Network down</source>
            <translation>Réseau coupé</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>New</source>
            <translation>Nouvelle</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>No disk</source>
            <translation>Aucun disque</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>On hold</source>
            <translation>En attente</translation>
        </message>
        <message>
            <location filename="../alarms/list_view.py" />
            <source>Open</source>
            <translation>Ouverte</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>Other</source>
            <translation>Autre</translation>
        </message>
        <message>
            <location filename="../alarms/table.py" />
            <source>Owner</source>
            <translation>Responsable</translation>
        </message>
        <message>
            <location filename="../alarms/table.py" />
            <source>Priority</source>
            <translation>Priorité</translation>
        </message>
        <message>
            <location filename="../alarms/table.py" />
            <source>Rule</source>
            <translation>Règle</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>Server</source>
            <translation>Serveur</translation>
        </message>
        <message>
            <location filename="../alarms/table.py" />
            <source>State</source>
            <translation>État</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>Technical fault</source>
            <translation>Défaut technique</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>Test</source>
            <translation>Test</translation>
        </message>
        <message>
            <location filename="../alarms/table.py" />
            <source>Title</source>
            <translation>Titre</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>True alarm</source>
            <translation>Alarme réelle</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>a volume is writable again</source>
            <translation>un volume est de nouveau inscriptible</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>action</source>
            <translation>action</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>assigned</source>
            <translation>attribution</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>camera {camera} offline</source>
            <translation>caméra {camera} hors ligne</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>camera {camera} offline ({reason})</source>
            <translation>caméra {camera} hors ligne ({reason})</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>camera {camera} online again</source>
            <translation>caméra {camera} de nouveau en ligne</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>category</source>
            <translation>catégorie</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>closed by itself</source>
            <translation>clôture automatique</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>comment</source>
            <translation>commentaire</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>created</source>
            <translation>création</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>escalated</source>
            <translation>escalade</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>illegal access: {failures} failed logins as {user} from {peer}</source>
            <translation>accès illégal : {failures} connexions échouées en tant que {user} depuis {peer}</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>input {input} active</source>
            <translation>entrée {input} active</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>input {input} inactive</source>
            <translation>entrée {input} inactive</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>motion on camera {camera}</source>
            <translation>mouvement sur la caméra {camera}</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>network {interface} is down</source>
            <translation>le réseau {interface} est coupé</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>network {interface} is down: {why}</source>
            <translation>le réseau {interface} est coupé : {why}</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>network {interface} is up again</source>
            <translation>le réseau {interface} est rétabli</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>no volume to record to</source>
            <translation>aucun volume où enregistrer</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>priority</source>
            <translation>priorité</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>state</source>
            <translation>état</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>system</source>
            <translation>système</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>triggered again</source>
            <translation>nouveau déclenchement</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>volume {volume} ({path}) disk error</source>
            <translation>volume {volume} ({path}) : erreur de disque</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>volume {volume} ({path}) disk error: {why}</source>
            <translation>volume {volume} ({path}) : erreur de disque : {why}</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>volume {volume} ({path}) disk full</source>
            <translation>volume {volume} ({path}) : disque plein</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>volume {volume} ({path}) disk full: {why}</source>
            <translation>volume {volume} ({path}) : disque plein : {why}</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>volume {volume} ({path}) disk removed</source>
            <translation>volume {volume} ({path}) : disque retiré</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>volume {volume} ({path}) disk removed: {why}</source>
            <translation>volume {volume} ({path}) : disque retiré : {why}</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>volume {volume} ({path}) is {state}</source>
            <translation>volume {volume} ({path}) : état {state}</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>volume {volume} ({path}): disk {device} failing (S.M.A.R.T.)</source>
            <translation>volume {volume} ({path}) : disque {device} défaillant (S.M.A.R.T.)</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>volume {volume} ({path}): disk {device} failing (S.M.A.R.T.): {why}</source>
            <translation>volume {volume} ({path}) : disque {device} défaillant (S.M.A.R.T.) : {why}</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>volume {volume} ({path}): disk {device} passes</source>
            <translation>volume {volume} ({path}) : disque {device} en bon état</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>volume {volume} ({path}): writing camera {camera} failed: {why}</source>
            <translation>volume {volume} ({path}) : échec d’écriture de la caméra {camera} : {why}</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>{kind} on camera {camera} (ONVIF {topic})</source>
            <translation>{kind} sur la caméra {camera} (ONVIF {topic})</translation>
        </message>
        <message>
            <location filename="../alarms/words.py" />
            <source>{rule}: {message}</source>
            <translation>{rule} : {message}</translation>
        </message>
    </context>
    <context>
        <name>ApplianceFlow</name>
        <message>
            <location filename="../appliance/flow.py" />
            <source>Automatic sign-in refused: {reason}</source>
            <translation>Connexion automatique refusée : {reason}</translation>
        </message>
    </context>
    <context>
        <name>AudioDecoder</name>
        <message>
            <location filename="../video/audio.py" />
            <source>unsupported audio codec {codec}</source>
            <translation>codec audio non pris en charge : {codec}</translation>
        </message>
    </context>
    <context>
        <name>BackupDialog</name>
        <message>
            <location filename="../views/backup_dialog.py" />
            <source> ({gb} GB free)</source>
            <translation> ({gb} Go libres)</translation>
        </message>
        <message>
            <location filename="../views/backup_dialog.py" />
            <source>AVI</source>
            <translation>AVI</translation>
        </message>
        <message>
            <location filename="../views/backup_dialog.py" />
            <source>Back up recordings</source>
            <translation>Sauvegarder des enregistrements</translation>
        </message>
        <message>
            <location filename="../views/backup_dialog.py" />
            <source>Backup folder</source>
            <translation>Dossier de sauvegarde</translation>
        </message>
        <message>
            <location filename="../views/backup_dialog.py" />
            <source>Browse…</source>
            <translation>Parcourir…</translation>
        </message>
        <message>
            <location filename="../views/backup_dialog.py" />
            <source>Burn in watermark</source>
            <translation>Incruster le filigrane</translation>
        </message>
        <message>
            <location filename="../views/backup_dialog.py" />
            <source>Cameras</source>
            <translation>Caméras</translation>
        </message>
        <message>
            <location filename="../views/backup_dialog.py" />
            <source>Choose at least one camera.</source>
            <translation>Choisissez au moins une caméra.</translation>
        </message>
        <message>
            <location filename="../views/backup_dialog.py" />
            <source>Destination</source>
            <translation>Destination</translation>
        </message>
        <message>
            <location filename="../views/backup_dialog.py" />
            <source>Draw each camera's watermark text into the exported pictures (re-encoded)</source>
            <translation>Incruster le texte du filigrane de chaque caméra dans les images exportées (réencodées)</translation>
        </message>
        <message>
            <location filename="../views/backup_dialog.py" />
            <source>Format</source>
            <translation>Format</translation>
        </message>
        <message>
            <location filename="../views/backup_dialog.py" />
            <source>From</source>
            <translation>Du</translation>
        </message>
        <message>
            <location filename="../views/backup_dialog.py" />
            <source>MKV</source>
            <translation>MKV</translation>
        </message>
        <message>
            <location filename="../views/backup_dialog.py" />
            <source>MP4 (any player)</source>
            <translation>MP4 (tout lecteur)</translation>
        </message>
        <message>
            <location filename="../views/backup_dialog.py" />
            <source>Native (every stream, offline player)</source>
            <translation>Natif (tous les flux, lecteur hors ligne)</translation>
        </message>
        <message>
            <location filename="../views/backup_dialog.py" />
            <source>Server folder</source>
            <translation>Dossier du serveur</translation>
        </message>
        <message>
            <location filename="../views/backup_dialog.py" />
            <source>Start backup</source>
            <translation>Lancer la sauvegarde</translation>
        </message>
        <message>
            <location filename="../views/backup_dialog.py" />
            <source>The end must be after the start.</source>
            <translation>La fin doit être après le début.</translation>
        </message>
        <message>
            <location filename="../views/backup_dialog.py" />
            <source>This computer</source>
            <translation>Cet ordinateur</translation>
        </message>
        <message>
            <location filename="../views/backup_dialog.py" />
            <source>To</source>
            <translation>Au</translation>
        </message>
        <message>
            <location filename="../views/backup_dialog.py" />
            <source>sub-folder (optional), e.g. case-2041</source>
            <translation>sous-dossier (facultatif), p. ex. dossier-2041</translation>
        </message>
    </context>
    <context>
        <name>BackupView</name>
        <message>
            <location filename="../views/backup.py" />
            <source>Backup status</source>
            <translation>État des sauvegardes</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>Backup {id} downloaded to {folder}</source>
            <translation>Sauvegarde {id} téléchargée dans {folder}</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>Backup {id} started</source>
            <translation>Sauvegarde {id} lancée</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>Backup {id}: its files are not on this computer (download or open the server folder to verify)</source>
            <translation>Sauvegarde {id} : ses fichiers ne sont pas sur cet ordinateur (téléchargez-les ou ouvrez le dossier du serveur pour vérifier)</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>Backup {id}: {details}</source>
            <translation>Sauvegarde {id} : {details}</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>Cameras</source>
            <translation>Caméras</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>Cancel</source>
            <translation>Annuler</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>Delete</source>
            <translation>Supprimer</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>Destination</source>
            <translation>Destination</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>ETA</source>
            <translation>Fin estimée</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>Format</source>
            <translation>Format</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>NOT authentic</source>
            <translation>NON authentique</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>New backup…</source>
            <translation>Nouvelle sauvegarde…</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>Pause</source>
            <translation>Pause</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>Progress</source>
            <translation>Progression</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>Range</source>
            <translation>Période</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>Resume</source>
            <translation>Reprendre</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>Select a backup first</source>
            <translation>Sélectionnez d'abord une sauvegarde</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>State</source>
            <translation>État</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>Verified</source>
            <translation>Vérifiée</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>Verify</source>
            <translation>Vérifier</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>Verify a file…</source>
            <translation>Vérifier un fichier…</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>Verify an export</source>
            <translation>Vérifier une exportation</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>Verify: {error}</source>
            <translation>Vérification : {error}</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>authentic</source>
            <translation>authentique</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>cancelled</source>
            <translation>annulée</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>done</source>
            <translation>terminée</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>event/tag</source>
            <translation>événement/repère</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>failed</source>
            <translation>échouée</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>paused</source>
            <translation>en pause</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>queued</source>
            <translation>en file d'attente</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>running</source>
            <translation>en cours</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>server (for download)</source>
            <translation>serveur (à télécharger)</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>server: {folder}</source>
            <translation>serveur : {folder}</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>this computer: {folder}</source>
            <translation>cet ordinateur : {folder}</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>unknown signer</source>
            <translation>signataire inconnu</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>{count} backups, {running} in progress</source>
            <translation>{count} sauvegardes, {running} en cours</translation>
        </message>
        <message>
            <location filename="../views/backup.py" />
            <source>{seconds} s</source>
            <translation>{seconds} s</translation>
        </message>
    </context>
    <context>
        <name>CameraAddDialog</name>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Add cameras — {server}</source>
            <translation>Ajouter des caméras — {server}</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Find ONVIF cameras</source>
            <translation>Rechercher des caméras ONVIF</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>RTSP URL</source>
            <translation>URL RTSP</translation>
        </message>
    </context>
    <context>
        <name>CameraEditDialog</name>
        <message>
            <location filename="../views/camera_edit_dialog.py" />
            <source>Edit camera — {name}</source>
            <translation>Modifier la caméra — {name}</translation>
        </message>
        <message>
            <location filename="../views/camera_edit_dialog.py" />
            <source>General</source>
            <translation>Général</translation>
        </message>
        <message>
            <location filename="../views/camera_edit_dialog.py" />
            <source>Motion</source>
            <translation>Mouvement</translation>
        </message>
        <message>
            <location filename="../views/camera_edit_dialog.py" />
            <source>Overlays</source>
            <translation>Incrustations</translation>
        </message>
        <message>
            <location filename="../views/camera_edit_dialog.py" />
            <source>Picture</source>
            <translation>Image</translation>
        </message>
        <message>
            <location filename="../views/camera_edit_dialog.py" />
            <source>Privacy</source>
            <translation>Confidentialité</translation>
        </message>
        <message>
            <location filename="../views/camera_edit_dialog.py" />
            <source>Recording</source>
            <translation>Enregistrement</translation>
        </message>
        <message>
            <location filename="../views/camera_edit_dialog.py" />
            <source>Streams</source>
            <translation>Flux</translation>
        </message>
    </context>
    <context>
        <name>CameraSetup</name>
        <message>
            <location filename="../operations/camera_setup.py" />
            <source>At most {count} addresses in one search</source>
            <translation>{count} adresses au plus par recherche</translation>
        </message>
        <message>
            <location filename="../operations/camera_setup.py" />
            <source>Enter an address or a range to search</source>
            <translation>Saisissez une adresse ou une plage à rechercher</translation>
        </message>
        <message>
            <location filename="../operations/camera_setup.py" />
            <source>Enter the camera's address or domain name, e.g. 192.168.1.64</source>
            <translation>Saisissez l'adresse ou le nom de domaine de la caméra, p. ex. 192.168.1.64</translation>
        </message>
        <message>
            <location filename="../operations/camera_setup.py" />
            <source>Not authorised: the camera refused this user name or password.</source>
            <translation>Non autorisé : la caméra a refusé ce nom d'utilisateur ou ce mot de passe.</translation>
        </message>
        <message>
            <location filename="../operations/camera_setup.py" />
            <source>ONVIF camera</source>
            <translation>Caméra ONVIF</translation>
        </message>
        <message>
            <location filename="../operations/camera_setup.py" />
            <source>PTZ</source>
            <translation>PTZ</translation>
        </message>
        <message>
            <location filename="../operations/camera_setup.py" />
            <source>Refused, and the camera's clock is more than 5 minutes off: set its clock (NTP), then check the password.</source>
            <translation>Refusé, et l'horloge de la caméra est décalée de plus de 5 minutes : réglez son horloge (NTP), puis vérifiez le mot de passe.</translation>
        </message>
        <message>
            <location filename="../operations/camera_setup.py" />
            <source>Something answered, but not an ONVIF camera.</source>
            <translation>Un appareil a répondu, mais ce n'est pas une caméra ONVIF.</translation>
        </message>
        <message>
            <location filename="../operations/camera_setup.py" />
            <source>The camera could not be read.</source>
            <translation>Impossible de lire la caméra.</translation>
        </message>
        <message>
            <location filename="../operations/camera_setup.py" />
            <source>The camera wants HTTP Digest sign-in, which is not allowed.</source>
            <translation>La caméra exige une authentification HTTP Digest, qui n'est pas autorisée.</translation>
        </message>
        <message>
            <location filename="../operations/camera_setup.py" />
            <source>The port must be 1 to 65535</source>
            <translation>Le port doit être compris entre 1 et 65535</translation>
        </message>
        <message>
            <location filename="../operations/camera_setup.py" />
            <source>Unreachable: nothing answered at this address and port.</source>
            <translation>Injoignable : rien n'a répondu à cette adresse et sur ce port.</translation>
        </message>
        <message>
            <location filename="../operations/camera_setup.py" />
            <source>audio</source>
            <translation>audio</translation>
        </message>
        <message>
            <location filename="../operations/camera_setup.py" />
            <source>clock {hours:.1f} h ahead</source>
            <translation>horloge en avance de {hours:.1f} h</translation>
        </message>
        <message>
            <location filename="../operations/camera_setup.py" />
            <source>clock {hours:.1f} h behind</source>
            <translation>horloge en retard de {hours:.1f} h</translation>
        </message>
        <message>
            <location filename="../operations/camera_setup.py" />
            <source>inputs/outputs</source>
            <translation>entrées/sorties</translation>
        </message>
        <message>
            <location filename="../operations/camera_setup.py" />
            <source>no video profile</source>
            <translation>aucun profil vidéo</translation>
        </message>
        <message>
            <location filename="../operations/camera_setup.py" />
            <source>{part}: give IPv4 addresses, such as 192.168.1.64 or 192.168.1.2-254</source>
            <translation>{part} : indiquez des adresses IPv4, comme 192.168.1.64 ou 192.168.1.2-254</translation>
        </message>
        <message>
            <location filename="../operations/camera_setup.py" />
            <source>{part}: the port must be 1 to 65535</source>
            <translation>{part} : le port doit être compris entre 1 et 65535</translation>
        </message>
        <message>
            <location filename="../operations/camera_setup.py" />
            <source>{part}: the range ends before it starts</source>
            <translation>{part} : la plage se termine avant de commencer</translation>
        </message>
    </context>
    <context>
        <name>CameraTree</name>
        <message>
            <location filename="../widgets/camera_tree.py" />
            <source>Add cameras…</source>
            <translation>Ajouter des caméras…</translation>
        </message>
        <message>
            <location filename="../widgets/camera_tree.py" />
            <source>Edit camera…</source>
            <translation>Modifier la caméra…</translation>
        </message>
        <message>
            <location filename="../widgets/camera_tree.py" />
            <source>OFFLINE</source>
            <translation>HORS LIGNE</translation>
        </message>
        <message>
            <location filename="../widgets/camera_tree.py" />
            <source>OFFLINE: {reason}</source>
            <translation>HORS LIGNE : {reason}</translation>
        </message>
        <message numerus="yes">
            <location filename="../widgets/camera_tree.py" />
            <source>Play ({count} cameras)</source>
            <extracomment>Singular: Play (1 camera)</extracomment>
            <translation>
                <numerusform>Lire ({count} caméra)</numerusform>
                <numerusform>Lire ({count} caméras)</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../widgets/camera_tree.py" />
            <source>Show live ({count} cameras)</source>
            <extracomment>Singular: Show live (1 camera)</extracomment>
            <translation>
                <numerusform>Afficher en direct ({count} caméra)</numerusform>
                <numerusform>Afficher en direct ({count} caméras)</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../widgets/camera_tree.py" />
            <source>analytics</source>
            <translation>analyse vidéo</translation>
        </message>
        <message>
            <location filename="../widgets/camera_tree.py" />
            <source>connecting</source>
            <translation>connexion</translation>
        </message>
        <message>
            <location filename="../widgets/camera_tree.py" />
            <source>disabled</source>
            <translation>désactivée</translation>
        </message>
        <message>
            <location filename="../widgets/camera_tree.py" />
            <source>manual</source>
            <translation>manuel</translation>
        </message>
        <message>
            <location filename="../widgets/camera_tree.py" />
            <source>motion</source>
            <translation>mouvement</translation>
        </message>
        <message>
            <location filename="../widgets/camera_tree.py" />
            <source>offline</source>
            <translation>hors ligne</translation>
        </message>
        <message>
            <location filename="../widgets/camera_tree.py" />
            <source>online</source>
            <translation>en ligne</translation>
        </message>
        <message>
            <location filename="../widgets/camera_tree.py" />
            <source>schedule</source>
            <translation>planning</translation>
        </message>
        <message>
            <location filename="../widgets/camera_tree.py" />
            <source>sensor</source>
            <translation>capteur</translation>
        </message>
        <message>
            <location filename="../widgets/camera_tree.py" />
            <source>{name} (#{id}): {state}</source>
            <translation>{name} (n° {id}) : {state}</translation>
        </message>
        <message>
            <location filename="../widgets/camera_tree.py" />
            <source>{name}: state unknown ({server} {state})</source>
            <translation>{name} : état inconnu ({server} {state})</translation>
        </message>
        <message>
            <location filename="../widgets/camera_tree.py" />
            <source>● REC</source>
            <translation>● ENR</translation>
        </message>
        <message>
            <location filename="../widgets/camera_tree.py" />
            <source>● REC {reasons}</source>
            <translation>● ENR {reasons}</translation>
        </message>
    </context>
    <context>
        <name>CellGrid</name>
        <message>
            <location filename="../widgets/motion_cells.py" />
            <source>Draw</source>
            <translation>Dessiner</translation>
        </message>
        <message>
            <location filename="../widgets/motion_cells.py" />
            <source>Erase</source>
            <translation>Effacer</translation>
        </message>
    </context>
    <context>
        <name>CloseDialog</name>
        <message>
            <location filename="../alarms/dialogs.py" />
            <source>Close alarm</source>
            <translation>Clôturer l'alarme</translation>
        </message>
        <message>
            <location filename="../alarms/dialogs.py" />
            <source>Close alarms</source>
            <translation>Clôturer les alarmes</translation>
        </message>
        <message>
            <location filename="../alarms/dialogs.py" />
            <source>Note</source>
            <translation>Note</translation>
        </message>
        <message>
            <location filename="../alarms/dialogs.py" />
            <source>Resolution</source>
            <translation>Qualification</translation>
        </message>
        <message>
            <location filename="../alarms/dialogs.py" />
            <source>What happened (optional)</source>
            <translation>Ce qui s'est passé (facultatif)</translation>
        </message>
        <message>
            <location filename="../alarms/dialogs.py" />
            <source>{count} alarms</source>
            <translation>{count} alarmes</translation>
        </message>
    </context>
    <context>
        <name>Console</name>
        <message>
            <location filename="../app.py" />
            <source>Connecting to {server}…</source>
            <translation>Connexion à {server}…</translation>
        </message>
        <message>
            <location filename="../app.py" />
            <source>First connection: certificate pinned, SHA-256 {fingerprint}</source>
            <translation>Première connexion : certificat mémorisé, SHA-256 {fingerprint}</translation>
        </message>
        <message>
            <location filename="../app.py" />
            <source>Sign-in failed: {error}</source>
            <translation>Échec de la connexion : {error}</translation>
        </message>
    </context>
    <context>
        <name>ControlLink</name>
        <message>
            <location filename="../ptz/control.py" />
            <source>Not signed in</source>
            <translation>Non connecté</translation>
        </message>
    </context>
    <context>
        <name>CopyDayDialog</name>
        <message>
            <location filename="../widgets/week_dialogs.py" />
            <source>Copy</source>
            <translation>Copier</translation>
        </message>
        <message>
            <location filename="../widgets/week_dialogs.py" />
            <source>Copy a day</source>
            <translation>Copier un jour</translation>
        </message>
        <message>
            <location filename="../widgets/week_dialogs.py" />
            <source>To</source>
            <translation>Au</translation>
        </message>
    </context>
    <context>
        <name>CruiseEditor</name>
        <message>
            <location filename="../ptz/cruise_editor.py" />
            <source>Add step</source>
            <translation>Ajouter une étape</translation>
        </message>
        <message>
            <location filename="../ptz/cruise_editor.py" />
            <source>Cruise {number}</source>
            <translation>Ronde {number}</translation>
        </message>
        <message>
            <location filename="../ptz/cruise_editor.py" />
            <source>Dwell (s)</source>
            <translation>Durée (s)</translation>
        </message>
        <message>
            <location filename="../ptz/cruise_editor.py" />
            <source>Move down</source>
            <translation>Descendre</translation>
        </message>
        <message>
            <location filename="../ptz/cruise_editor.py" />
            <source>Move up</source>
            <translation>Monter</translation>
        </message>
        <message>
            <location filename="../ptz/cruise_editor.py" />
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <location filename="../ptz/cruise_editor.py" />
            <source>Number</source>
            <translation>Numéro</translation>
        </message>
        <message>
            <location filename="../ptz/cruise_editor.py" />
            <source>Preset</source>
            <translation>Préréglage</translation>
        </message>
        <message>
            <location filename="../ptz/cruise_editor.py" />
            <source>Remove</source>
            <translation>Retirer</translation>
        </message>
        <message>
            <location filename="../ptz/cruise_editor.py" />
            <source>Save presets first: a cruise visits presets.</source>
            <translation>Enregistrez d'abord des préréglages : une ronde parcourt des préréglages.</translation>
        </message>
        <message>
            <location filename="../ptz/cruise_editor.py" />
            <source>Speed (%)</source>
            <translation>Vitesse (%)</translation>
        </message>
        <message>
            <location filename="../ptz/cruise_editor.py" />
            <source>{number} (missing)</source>
            <translation>{number} (manquant)</translation>
        </message>
    </context>
    <context>
        <name>CruisesTab</name>
        <message>
            <location filename="../ptz/cruises.py" />
            <source>Cruise {number} runs; any manual move stops it.</source>
            <translation>La ronde {number} est en cours ; tout mouvement manuel l'arrête.</translation>
        </message>
        <message>
            <location filename="../ptz/cruises.py" />
            <source>Delete</source>
            <translation>Supprimer</translation>
        </message>
        <message>
            <location filename="../ptz/cruises.py" />
            <source>Delete cruise</source>
            <translation>Supprimer la ronde</translation>
        </message>
        <message>
            <location filename="../ptz/cruises.py" />
            <source>Delete cruise {number}? A running cruise stops first.</source>
            <translation>Supprimer la ronde {number} ? Si elle est en cours, elle s'arrête d'abord.</translation>
        </message>
        <message>
            <location filename="../ptz/cruises.py" />
            <source>Edit…</source>
            <translation>Modifier…</translation>
        </message>
        <message>
            <location filename="../ptz/cruises.py" />
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <location filename="../ptz/cruises.py" />
            <source>New…</source>
            <translation>Nouvelle…</translation>
        </message>
        <message>
            <location filename="../ptz/cruises.py" />
            <source>No.</source>
            <translation>N°</translation>
        </message>
        <message>
            <location filename="../ptz/cruises.py" />
            <source>Start</source>
            <translation>Démarrer</translation>
        </message>
        <message>
            <location filename="../ptz/cruises.py" />
            <source>Steps</source>
            <translation>Étapes</translation>
        </message>
        <message>
            <location filename="../ptz/cruises.py" />
            <source>Stop</source>
            <translation>Arrêter</translation>
        </message>
        <message>
            <location filename="../ptz/cruises.py" />
            <source>The server runs the cruise until it is stopped</source>
            <translation>Le serveur exécute la ronde jusqu'à son arrêt</translation>
        </message>
        <message>
            <location filename="../ptz/cruises.py" />
            <source>running</source>
            <translation>en cours</translation>
        </message>
        <message>
            <location filename="../ptz/cruises.py" />
            <source>{count} of {cap} cruises</source>
            <translation>{count} rondes sur {cap}</translation>
        </message>
    </context>
    <context>
        <name>DayChecks</name>
        <message>
            <location filename="../widgets/week_dialogs.py" />
            <source>Every day</source>
            <translation>Tous les jours</translation>
        </message>
    </context>
    <context>
        <name>DecoderThread</name>
        <message>
            <location filename="../video/decoder.py" />
            <source>Audio cannot be decoded: {error}</source>
            <translation>Impossible de décoder l'audio : {error}</translation>
        </message>
        <message>
            <location filename="../video/decoder.py" />
            <source>Decoder stopped: {error}</source>
            <translation>Décodeur arrêté : {error}</translation>
        </message>
        <message>
            <location filename="../video/decoder.py" />
            <source>unsupported video codec {codec}</source>
            <translation>codec vidéo non pris en charge : {codec}</translation>
        </message>
    </context>
    <context>
        <name>EventSearch</name>
        <message>
            <location filename="../views/search/events.py" />
            <source>Analytics</source>
            <translation>Analyse vidéo</translation>
        </message>
        <message>
            <location filename="../views/search/events.py" />
            <source>Back up…</source>
            <translation>Sauvegarder…</translation>
        </message>
        <message>
            <location filename="../views/search/events.py" />
            <source>Camera</source>
            <translation>Caméra</translation>
        </message>
        <message>
            <location filename="../views/search/events.py" />
            <source>Cameras (none = all)</source>
            <translation>Caméras (aucune = toutes)</translation>
        </message>
        <message>
            <location filename="../views/search/events.py" />
            <source>Details</source>
            <translation>Détails</translation>
        </message>
        <message>
            <location filename="../views/search/events.py" />
            <source>Exception</source>
            <translation>Anomalie</translation>
        </message>
        <message>
            <location filename="../views/search/events.py" />
            <source>From</source>
            <translation>Du</translation>
        </message>
        <message>
            <location filename="../views/search/events.py" />
            <source>Manual</source>
            <translation>Manuel</translation>
        </message>
        <message>
            <location filename="../views/search/events.py" />
            <source>Motion</source>
            <translation>Mouvement</translation>
        </message>
        <message>
            <location filename="../views/search/events.py" />
            <source>Play</source>
            <translation>Lire</translation>
        </message>
        <message>
            <location filename="../views/search/events.py" />
            <source>Search</source>
            <translation>Rechercher</translation>
        </message>
        <message>
            <location filename="../views/search/events.py" />
            <source>Search: {error}</source>
            <translation>Recherche : {error}</translation>
        </message>
        <message>
            <location filename="../views/search/events.py" />
            <source>Searching…</source>
            <translation>Recherche…</translation>
        </message>
        <message>
            <location filename="../views/search/events.py" />
            <source>Select an event first</source>
            <translation>Sélectionnez d'abord un événement</translation>
        </message>
        <message>
            <location filename="../views/search/events.py" />
            <source>Sensor</source>
            <translation>Capteur</translation>
        </message>
        <message>
            <location filename="../views/search/events.py" />
            <source>Time</source>
            <translation>Heure</translation>
        </message>
        <message>
            <location filename="../views/search/events.py" />
            <source>Type</source>
            <translation>Type</translation>
        </message>
        <message>
            <location filename="../views/search/events.py" />
            <source>Until</source>
            <translation>Jusqu'à</translation>
        </message>
        <message>
            <location filename="../views/search/events.py" />
            <source>not searched, did not answer: {servers}</source>
            <translation>non cherché, sans réponse : {servers}</translation>
        </message>
        <message>
            <location filename="../views/search/events.py" />
            <source>ongoing</source>
            <translation>en cours</translation>
        </message>
        <message>
            <location filename="../views/search/events.py" />
            <source>to</source>
            <translation>au</translation>
        </message>
        <message numerus="yes">
            <location filename="../views/search/events.py" />
            <source>{count} events</source>
            <extracomment>Singular: {count} event</extracomment>
            <translation>
                <numerusform>{count} événement</numerusform>
                <numerusform>{count} événements</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ExportCheck</name>
        <message>
            <location filename="../export_check.py" />
            <source>none (unreadable manifest)</source>
            <translation>aucune (manifeste illisible)</translation>
        </message>
        <message>
            <location filename="../export_check.py" />
            <source>not signed in to a server</source>
            <translation>non connecté à un serveur</translation>
        </message>
        <message>
            <location filename="../export_check.py" />
            <source>signer key {signer}: NOT this server's key {key} (server {server_id})</source>
            <translation>clé du signataire {signer} : CE N'EST PAS la clé {key} de ce serveur (serveur {server_id})</translation>
        </message>
        <message>
            <location filename="../export_check.py" />
            <source>signer key {signer}: this server's key (server {server_id})</source>
            <translation>clé du signataire {signer} : la clé de ce serveur (serveur {server_id})</translation>
        </message>
        <message>
            <location filename="../export_check.py" />
            <source>signer key {signer}; not compared: {missing}</source>
            <translation>clé du signataire {signer} ; non comparée : {missing}</translation>
        </message>
        <message>
            <location filename="../export_check.py" />
            <source>the server did not say its key</source>
            <translation>le serveur n'a pas indiqué sa clé</translation>
        </message>
        <message>
            <location filename="../export_check.py" />
            <source>the server did not say its key ({error})</source>
            <translation>le serveur n'a pas indiqué sa clé ({error})</translation>
        </message>
    </context>
    <context>
        <name>GeneralTab</name>
        <message>
            <location filename="../views/camera_edit_dialog.py" />
            <source>Camera</source>
            <translation>Caméra</translation>
        </message>
        <message>
            <location filename="../views/camera_edit_dialog.py" />
            <source>Camera password</source>
            <translation>Mot de passe de la caméra</translation>
        </message>
        <message>
            <location filename="../views/camera_edit_dialog.py" />
            <source>Camera user</source>
            <translation>Utilisateur de la caméra</translation>
        </message>
        <message>
            <location filename="../views/camera_edit_dialog.py" />
            <source>Credentials are stored</source>
            <translation>Identifiants enregistrés</translation>
        </message>
        <message>
            <location filename="../views/camera_edit_dialog.py" />
            <source>Delete camera</source>
            <translation>Supprimer la caméra</translation>
        </message>
        <message>
            <location filename="../views/camera_edit_dialog.py" />
            <source>Delete camera…</source>
            <translation>Supprimer la caméra…</translation>
        </message>
        <message>
            <location filename="../views/camera_edit_dialog.py" />
            <source>Delete “{name}” and all its recordings? This cannot be undone. (The server refuses while a recording of it is locked.)</source>
            <translation>Supprimer « {name} » et tous ses enregistrements ? Cette action est irréversible. (Le serveur refuse tant qu'un de ses enregistrements est verrouillé.)</translation>
        </message>
        <message>
            <location filename="../views/camera_edit_dialog.py" />
            <source>Deleting…</source>
            <translation>Suppression…</translation>
        </message>
        <message>
            <location filename="../views/camera_edit_dialog.py" />
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <location filename="../views/camera_edit_dialog.py" />
            <source>None stored</source>
            <translation>Aucun enregistré</translation>
        </message>
        <message>
            <location filename="../views/camera_edit_dialog.py" />
            <source>ONVIF at {address}:{port}</source>
            <translation>ONVIF à {address}:{port}</translation>
        </message>
        <message>
            <location filename="../views/camera_edit_dialog.py" />
            <source>Recorded (enabled)</source>
            <translation>Enregistrée (activée)</translation>
        </message>
        <message>
            <location filename="../views/camera_edit_dialog.py" />
            <source>Remove the camera and delete its recordings</source>
            <translation>Retirer la caméra et supprimer ses enregistrements</translation>
        </message>
        <message>
            <location filename="../views/camera_edit_dialog.py" />
            <source>Save</source>
            <translation>Enregistrer</translation>
        </message>
        <message>
            <location filename="../views/camera_edit_dialog.py" />
            <source>Saved</source>
            <translation>Enregistré</translation>
        </message>
        <message>
            <location filename="../views/camera_edit_dialog.py" />
            <source>Saving…</source>
            <translation>Enregistrement…</translation>
        </message>
        <message>
            <location filename="../views/camera_edit_dialog.py" />
            <source>The camera needs a name</source>
            <translation>La caméra doit avoir un nom</translation>
        </message>
        <message>
            <location filename="../views/camera_edit_dialog.py" />
            <source>leave empty to keep</source>
            <translation>laisser vide pour conserver</translation>
        </message>
    </context>
    <context>
        <name>Joystick</name>
        <message>
            <location filename="../ptz/joystick.py" />
            <source>Drag to move the camera; the farther from the centre, the faster</source>
            <translation>Faites glisser pour orienter la caméra ; plus loin du centre, plus vite</translation>
        </message>
    </context>
    <context>
        <name>Keyboard</name>
        <message>
            <location filename="../widgets/keyboard.py" />
            <source>?123</source>
            <translation>?123</translation>
        </message>
        <message>
            <location filename="../widgets/keyboard.py" />
            <source>ABC</source>
            <translation>ABC</translation>
        </message>
        <message>
            <location filename="../widgets/keyboard.py" />
            <source>Enter ↵</source>
            <translation>Entrée ↵</translation>
        </message>
        <message>
            <location filename="../widgets/keyboard.py" />
            <source>Erase the character before the cursor</source>
            <translation>Effacer le caractère avant le curseur</translation>
        </message>
        <message>
            <location filename="../widgets/keyboard.py" />
            <source>Hide</source>
            <translation>Masquer</translation>
        </message>
        <message>
            <location filename="../widgets/keyboard.py" />
            <source>Space</source>
            <translation>Espace</translation>
        </message>
        <message>
            <location filename="../widgets/keyboard.py" />
            <source>Tab ⇥</source>
            <translation>Tab ⇥</translation>
        </message>
        <message>
            <location filename="../widgets/keyboard.py" />
            <source>⇧ Shift</source>
            <translation>⇧ Maj</translation>
        </message>
        <message>
            <location filename="../widgets/keyboard.py" />
            <source>⌫ Erase</source>
            <translation>⌫ Effacer</translation>
        </message>
    </context>
    <context>
        <name>Kiosk</name>
        <message>
            <location filename="../appliance/kiosk.py" />
            <source>This screen stays open: only a user with the system right may leave it. Sign in as one first.</source>
            <translation>Cet écran reste ouvert : seul un utilisateur ayant le droit système peut le quitter. Connectez-vous d'abord avec un tel compte.</translation>
        </message>
    </context>
    <context>
        <name>LanguageBox</name>
        <message>
            <location filename="../i18n/picker.py" />
            <source>As the server</source>
            <translation>Comme le serveur</translation>
        </message>
        <message>
            <location filename="../i18n/picker.py" />
            <source>From the next start</source>
            <translation>Au prochain démarrage</translation>
        </message>
        <message>
            <location filename="../i18n/picker.py" />
            <source>The language of the console's texts on this computer</source>
            <translation>La langue des textes de la console sur cet ordinateur</translation>
        </message>
    </context>
    <context>
        <name>LiveOverlayPicture</name>
        <message>
            <location filename="../views/live_overlay_picture.py" />
            <source>Not signed in</source>
            <translation>Non connecté</translation>
        </message>
    </context>
    <context>
        <name>LiveSource</name>
        <message>
            <location filename="../video/sources.py" />
            <source>Live stream ended</source>
            <translation>Flux en direct terminé</translation>
        </message>
        <message>
            <location filename="../video/sources.py" />
            <source>Live video is not available on this server version</source>
            <translation>La vidéo en direct n'est pas disponible avec cette version du serveur</translation>
        </message>
        <message>
            <location filename="../video/sources.py" />
            <source>No audio right on this camera: video only</source>
            <translation>Pas de droit audio sur cette caméra : vidéo seule</translation>
        </message>
        <message numerus="yes">
            <location filename="../video/sources.py" />
            <source>Packets skipped: %n</source>
            <translation>
                <numerusform>Paquets ignorés : %n</numerusform>
                <numerusform>Paquets ignorés : %n</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>LiveView</name>
        <message>
            <location filename="../views/live.py" />
            <source> min ago</source>
            <translation> min avant</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source> s dwell</source>
            <translation> s par vue</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>All main</source>
            <translation>Tout principal</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>All sub</source>
            <translation>Tout secondaire</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Audio off</source>
            <translation>Son coupé</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Audio on</source>
            <translation>Son activé</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Auto stream</source>
            <translation>Flux auto</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Camera info</source>
            <translation>Infos caméra</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Camera tour</source>
            <translation>Défilement</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Close</source>
            <translation>Fermer</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Control keyboard: key {key}</source>
            <translation>Clavier de commande : touche {key}</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Cycle pages of cameras through the grid (LIVE-07); double-click pauses</source>
            <translation>Fait défiler les pages de caméras dans la mosaïque (LIVE-07) ; un double-clic met en pause</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Edit the sequence group…</source>
            <translation>Modifier le groupe de séquence…</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Frames: {shown} shown, {dropped} dropped</source>
            <translation>Images : {shown} affichées, {dropped} perdues</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Instant playback</source>
            <translation>Relecture</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Instant playback ({minutes} min ago)</source>
            <translation>Lecture instantanée (il y a {minutes} min)</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Instant playback goes back this far (PLAY-01)</source>
            <translation>Recul de la lecture instantanée (PLAY-01)</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>JPEG (*.jpg)</source>
            <translation>JPEG (*.jpg)</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Layout</source>
            <translation>Disposition</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Manual record off</source>
            <translation>Enregistrement manuel arrêté</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Manual record on</source>
            <translation>Enregistrement manuel en cours</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Manual recording of the selected tile's camera</source>
            <translation>Enregistrement manuel de la caméra de la vignette sélectionnée</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Manual recording started: {camera}</source>
            <translation>Enregistrement manuel démarré : {camera}</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Manual recording stopped: {camera}</source>
            <translation>Enregistrement manuel arrêté : {camera}</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>No tile selected</source>
            <translation>Aucune vignette</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>OSD</source>
            <translation>OSD</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>PTZ</source>
            <translation>PTZ</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>PTZ control</source>
            <translation>Commande PTZ</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>PTZ panel of the selected tile's camera</source>
            <translation>Panneau PTZ de la caméra de la vignette sélectionnée</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>PTZ support unknown: {error}</source>
            <translation>Prise en charge PTZ inconnue : {error}</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Picture: {width}×{height}</source>
            <translation>Image : {width}×{height}</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Record</source>
            <translation>Enregistrer</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Reset digital zoom</source>
            <translation>Réinitialiser le zoom numérique</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Reset zoom</source>
            <translation>Zoom initial</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Save a full-resolution snapshot on the server</source>
            <translation>Enregistrer un instantané en pleine résolution sur le serveur</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Save snapshot</source>
            <translation>Enregistrer un instantané</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Saved tours of views, each with its dwell (LIVE-07)</source>
            <translation>Séquences de vues enregistrées, chacune avec sa durée (LIVE-07)</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Saved views: recall, save, rename, delete (LIVE-06)</source>
            <translation>Vues enregistrées : rappeler, enregistrer, renommer, supprimer (LIVE-06)</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Select a tile with a camera first</source>
            <translation>Sélectionnez d'abord une vignette avec une caméra</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Sequence group…</source>
            <translation>Groupe de séquence…</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Sequence “{name}” runs in the tile: save the view to keep it</source>
            <translation>La séquence « {name} » tourne dans la vignette : enregistrez la vue pour la conserver</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Single view</source>
            <translation>Vue unique</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Snapshot</source>
            <translation>Instantané</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Snapshot saved to {path}</source>
            <translation>Instantané enregistré dans {path}</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Snapshot to a file…</source>
            <translation>Instantané vers un fichier…</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Snapshot {id} saved ({width}×{height})</source>
            <translation>Instantané {id} enregistré ({width}×{height})</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Status: {status}</source>
            <translation>État : {status}</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Stop the sequence</source>
            <translation>Arrêter la séquence</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Stream: {stream}</source>
            <translation>Flux : {stream}</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Tile {number}: {name}</source>
            <translation>Vignette {number} : {name}</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Tours</source>
            <translation>Séquences</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>Views</source>
            <translation>Vues</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>empty</source>
            <translation>vide</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>main</source>
            <translation>principal</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>sub</source>
            <translation>secondaire</translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>unknown</source>
            <translation>inconnu</translation>
        </message>
        <message numerus="yes">
            <location filename="../views/live.py" />
            <source>{count} cameras did not fit in the grid</source>
            <extracomment>Singular: {count} camera did not fit in the grid</extracomment>
            <translation>
                <numerusform>{count} caméra n'a pas trouvé place dans la mosaïque</numerusform>
                <numerusform>{count} caméras n'ont pas trouvé place dans la mosaïque</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../views/live.py" />
            <source>{count} tiles</source>
            <extracomment>Singular: 1 tile</extracomment>
            <translation>
                <numerusform>{count} vue</numerusform>
                <numerusform>{count} vues</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../views/live.py" />
            <source>{name} (#{id}) on {server}</source>
            <translation>{name} (n° {id}) sur {server}</translation>
        </message>
    </context>
    <context>
        <name>LoggedOutScreen</name>
        <message>
            <location filename="../appliance/logged_out.py" />
            <source>Connecting to the recorder…</source>
            <translation>Connexion à l'enregistreur…</translation>
        </message>
        <message>
            <location filename="../appliance/logged_out.py" />
            <source>Connecting…</source>
            <translation>Connexion…</translation>
        </message>
        <message>
            <location filename="../appliance/logged_out.py" />
            <source>Live view unavailable: {reason}</source>
            <translation>Direct indisponible : {reason}</translation>
        </message>
        <message>
            <location filename="../appliance/logged_out.py" />
            <source>No camera is shown while nobody is signed in.</source>
            <translation>Aucune caméra n'est affichée tant que personne n'est connecté.</translation>
        </message>
        <message>
            <location filename="../appliance/logged_out.py" />
            <source>Sign in</source>
            <translation>Se connecter</translation>
        </message>
        <message>
            <location filename="../appliance/logged_out.py" />
            <source>The recorder is not answering; trying again…</source>
            <translation>L'enregistreur ne répond pas ; nouvelle tentative…</translation>
        </message>
        <message>
            <location filename="../appliance/logged_out.py" />
            <source>Vedette</source>
            <translation>Vedette</translation>
        </message>
        <message numerus="yes">
            <location filename="../appliance/logged_out.py" />
            <source>{count} cameras shown while nobody is signed in</source>
            <extracomment>Singular: {count} camera shown while nobody is signed in</extracomment>
            <translation>
                <numerusform>{count} caméra affichée tant que personne n'est connecté</numerusform>
                <numerusform>{count} caméras affichées tant que personne n'est connecté</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <location filename="../main_window.py" />
            <source> · not reachable from this console</source>
            <translation> · injoignable depuis cette console</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>1 request…</source>
            <translation>1 requête…</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Add cameras…</source>
            <translation>Ajouter des caméras…</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Add server…</source>
            <translation>Ajouter un serveur…</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Alarm rules, inputs and outputs, notifications and alarm statistics</source>
            <translation>Règles d'alarme, entrées et sorties, notifications et statistiques d'alarmes</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Alarm settings…</source>
            <translation>Paramètres des alarmes…</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Alarms</source>
            <translation>Alarmes</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Backup</source>
            <translation>Sauvegarde</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Camera “{name}” added</source>
            <translation>Caméra « {name} » ajoutée</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Cameras</source>
            <translation>Caméras</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Cameras, storage, accounts, system, display and alarm settings</source>
            <translation>Paramètres des caméras, du stockage, des comptes, du système, de l'affichage et des alarmes</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Find ONVIF cameras on the network, or add one by its RTSP URL</source>
            <translation>Rechercher des caméras ONVIF sur le réseau, ou en ajouter une par son URL RTSP</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Full screen</source>
            <translation>Plein écran</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Live</source>
            <translation>Direct</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Main</source>
            <translation>Principal</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Not signed in</source>
            <translation>Non connecté</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Pinned certificate SHA-256 {fingerprint}</source>
            <translation>Certificat mémorisé SHA-256 {fingerprint}</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Playback</source>
            <translation>Lecture</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Playback shows 16 cameras at most: the first 16</source>
            <translation>La lecture affiche 16 caméras au plus : les 16 premières</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Playback shows the cameras of one server: {server}</source>
            <translation>La lecture affiche les caméras d'un seul serveur : {server}</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Playback, search and backup now on {server}</source>
            <translation>Lecture, recherche et sauvegarde désormais sur {server}</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Player</source>
            <translation>Lecteur</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Search</source>
            <translation>Rechercher</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Settings…</source>
            <translation>Paramètres…</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Sign in to another server; its cameras join the tree</source>
            <translation>Se connecter à un autre serveur ; ses caméras rejoignent l'arborescence</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Signed in to site {site}: {count} recording server(s)</source>
            <translation>Connecté au site {site} : {count} serveur(s) d'enregistrement</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Signed in to {server} again after the connection came back</source>
            <translation>Reconnecté à {server} après le retour de la connexion</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Signed in to {server} as {user}</source>
            <translation>Connecté à {server} en tant que {user}</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Signed in to {server} too; its cameras are in the tree</source>
            <translation>Connecté aussi à {server} ; ses caméras sont dans l'arborescence</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Site alarms</source>
            <translation>Alarmes du site</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>The alarm's cameras are not on a signed-in server</source>
            <translation>Les caméras de l'alarme ne sont sur aucun serveur connecté</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>The server's language applies when the console restarts</source>
            <translation>La langue du serveur s'appliquera au redémarrage de la console</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Vedette</source>
            <translation>Vedette</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Vedette — site {site}</source>
            <translation>Vedette — site {site}</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Vedette — {device} ({server})</source>
            <translation>Vedette — {device} ({server})</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>Vedette — {server}</source>
            <translation>Vedette — {server}</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>connection lost, trying again</source>
            <translation>connexion perdue, nouvelle tentative</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>not signed in</source>
            <translation>non connecté</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>signed out</source>
            <translation>déconnecté</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>unreachable: {error}</source>
            <translation>injoignable : {error}</translation>
        </message>
        <message numerus="yes">
            <location filename="../main_window.py" />
            <source>{count} cameras</source>
            <extracomment>Singular: {count} camera</extracomment>
            <translation>
                <numerusform>{count} caméra</numerusform>
                <numerusform>{count} caméras</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>{count} requests…</source>
            <translation>{count} requêtes…</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>{user}@{server} · TLS {fingerprint}…</source>
            <translation>{user}@{server} · TLS {fingerprint}…</translation>
        </message>
        <message>
            <location filename="../main_window.py" />
            <source>{user}@{server} · plaintext</source>
            <translation>{user}@{server} · non chiffré</translation>
        </message>
    </context>
    <context>
        <name>MessagePopup</name>
        <message>
            <location filename="../alarms/popups.py" />
            <source>Alarm message</source>
            <translation>Message d'alarme</translation>
        </message>
        <message>
            <location filename="../alarms/popups.py" />
            <source>OK</source>
            <translation>OK</translation>
        </message>
    </context>
    <context>
        <name>MotionSearch</name>
        <message>
            <location filename="../views/search/motion.py" />
            <source>All</source>
            <translation>Tout</translation>
        </message>
        <message>
            <location filename="../views/search/motion.py" />
            <source>Back up…</source>
            <translation>Sauvegarder…</translation>
        </message>
        <message>
            <location filename="../views/search/motion.py" />
            <source>Camera</source>
            <translation>Caméra</translation>
        </message>
        <message>
            <location filename="../views/search/motion.py" />
            <source>Cancel</source>
            <translation>Annuler</translation>
        </message>
        <message>
            <location filename="../views/search/motion.py" />
            <source>Cancelled</source>
            <translation>Annulée</translation>
        </message>
        <message>
            <location filename="../views/search/motion.py" />
            <source>Clear</source>
            <translation>Effacer</translation>
        </message>
        <message>
            <location filename="../views/search/motion.py" />
            <source>Draw the region to search (no cell is selected)</source>
            <translation>Dessinez la zone à rechercher (aucune cellule n'est sélectionnée)</translation>
        </message>
        <message>
            <location filename="../views/search/motion.py" />
            <source>Draw the region to search, pick the range, Search</source>
            <translation>Dessinez la zone à rechercher, choisissez la période, puis Rechercher</translation>
        </message>
        <message>
            <location filename="../views/search/motion.py" />
            <source>From</source>
            <translation>Du</translation>
        </message>
        <message>
            <location filename="../views/search/motion.py" />
            <source>Loading the picture…</source>
            <translation>Chargement de l'image…</translation>
        </message>
        <message>
            <location filename="../views/search/motion.py" />
            <source>No motion in the region over this range</source>
            <translation>Aucun mouvement dans la zone sur cette période</translation>
        </message>
        <message>
            <location filename="../views/search/motion.py" />
            <source>No picture</source>
            <translation>Aucune image</translation>
        </message>
        <message>
            <location filename="../views/search/motion.py" />
            <source>No recording at the start: pick another start for a picture</source>
            <translation>Aucun enregistrement au début : choisissez un autre début pour avoir une image</translation>
        </message>
        <message>
            <location filename="../views/search/motion.py" />
            <source>Pick a camera</source>
            <translation>Choisissez une caméra</translation>
        </message>
        <message>
            <location filename="../views/search/motion.py" />
            <source>Picture at start</source>
            <translation>Image au début</translation>
        </message>
        <message>
            <location filename="../views/search/motion.py" />
            <source>Play</source>
            <translation>Lire</translation>
        </message>
        <message>
            <location filename="../views/search/motion.py" />
            <source>Runs of motion in the region</source>
            <translation>Séquences de mouvement dans la zone</translation>
        </message>
        <message>
            <location filename="../views/search/motion.py" />
            <source>Search</source>
            <translation>Rechercher</translation>
        </message>
        <message>
            <location filename="../views/search/motion.py" />
            <source>Search failed: {error}</source>
            <translation>Échec de la recherche : {error}</translation>
        </message>
        <message>
            <location filename="../views/search/motion.py" />
            <source>Searching…</source>
            <translation>Recherche…</translation>
        </message>
        <message>
            <location filename="../views/search/motion.py" />
            <source>The range must end after it starts</source>
            <translation>La période doit se terminer après son début</translation>
        </message>
        <message>
            <location filename="../views/search/motion.py" />
            <source>to</source>
            <translation>au</translation>
        </message>
        <message>
            <location filename="../views/search/motion.py" />
            <source>{runs} runs of motion, {seconds} s with motion</source>
            <translation>{runs} séquences de mouvement, {seconds} s avec mouvement</translation>
        </message>
        <message>
            <location filename="../views/search/motion.py" />
            <source>{start} · {length} s ({seconds} s with motion)</source>
            <translation>{start} · {length} s ({seconds} s avec mouvement)</translation>
        </message>
    </context>
    <context>
        <name>MotionTab</name>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source> frames</source>
            <translation> images</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source> · motion now</source>
            <translation> · mouvement en cours</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Add</source>
            <translation>Ajouter</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>All</source>
            <translation>Tout</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>An area needs a name</source>
            <translation>Une zone doit avoir un nom</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Analysed frames (5 a second) in a row with motion that start an event</source>
            <translation>Images analysées (5 par seconde) consécutives avec mouvement qui déclenchent un événement</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Areas</source>
            <translation>Zones</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>At most {n} areas</source>
            <translation>{n} zones au plus</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Clear</source>
            <translation>Effacer</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Could not read the motion settings: {error}</source>
            <translation>Impossible de lire les paramètres de détection de mouvement : {error}</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Delete</source>
            <translation>Supprimer</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Detect motion on this camera</source>
            <translation>Détecter le mouvement sur cette caméra</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Detection is off: the server analyses nothing, so no cell lights up. Turn it on and save to see where it sees motion.</source>
            <translation>La détection est désactivée : le serveur n'analyse rien, aucune cellule ne s'allume. Activez-la et enregistrez pour voir où il détecte du mouvement.</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Detection is on: lit cells are where the server sees motion now.</source>
            <translation>La détection est activée : les cellules allumées sont celles où le serveur détecte du mouvement en ce moment.</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Detector</source>
            <translation>Détecteur</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Drag on the picture to draw the selected area's cells (blue); cells in no area never trigger. Cells where the server sees motion now light up red. A camera that shows its own clock in the picture sees it change every second: erase the clock's cells from every area.</source>
            <translation>Faites glisser sur l'image pour dessiner les cellules de la zone sélectionnée (en bleu) ; les cellules hors de toute zone ne déclenchent jamais. Les cellules où le serveur détecte du mouvement en ce moment s'allument en rouge. Une caméra qui affiche sa propre horloge dans l'image la voit changer chaque seconde : effacez les cellules de l'horloge de toutes les zones.</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Ends after</source>
            <translation>Se termine après</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Invert</source>
            <translation>Inverser</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Level {level} of 10: a cell has motion when {share} % of its pixels change in brightness by {change} or more (of 255)</source>
            <translation>Niveau {level} sur 10 : une cellule est en mouvement quand {share} % de ses pixels changent de luminosité d'au moins {change} (sur 255)</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Lit cells follow the saved sensitivity until you save.</source>
            <translation>Les cellules allumées suivent la sensibilité enregistrée tant que vous n'avez pas enregistré.</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Live motion cells unavailable: {error}</source>
            <translation>Cellules de mouvement en direct indisponibles : {error}</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>New area</source>
            <translation>Nouvelle zone</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Not running now: the camera's stream is not available to it</source>
            <translation>Arrêté pour le moment : le flux de la caméra ne lui est pas disponible</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Not running: detection is off</source>
            <translation>Arrêté : la détection est désactivée</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Not saved: {error}</source>
            <translation>Non enregistré : {error}</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Read again</source>
            <translation>Relire</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Reading the motion settings…</source>
            <translation>Lecture des paramètres de détection de mouvement…</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Rename</source>
            <translation>Renommer</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Rename area</source>
            <translation>Renommer la zone</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Running on the {stream} stream: {analysed} frames analysed, {skipped} skipped, {lag} ms behind</source>
            <translation>Actif sur le flux {stream} : {analysed} images analysées, {skipped} ignorées, {lag} ms de retard</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Save</source>
            <translation>Enregistrer</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Saved</source>
            <translation>Enregistré</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Saving…</source>
            <translation>Enregistrement…</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Sensitivity</source>
            <translation>Sensibilité</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>Starts after</source>
            <translation>Démarre après</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>There is already an area “{name}”</source>
            <translation>Il existe déjà une zone « {name} »</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>{n} min without motion</source>
            <translation>{n} min sans mouvement</translation>
        </message>
        <message>
            <location filename="../views/camera_motion_tab.py" />
            <source>{n} s without motion</source>
            <translation>{n} s sans mouvement</translation>
        </message>
    </context>
    <context>
        <name>NativeFileSource</name>
        <message>
            <location filename="../video/native.py" />
            <source>Cannot read {file}: {error}</source>
            <translation>Impossible de lire {file} : {error}</translation>
        </message>
        <message>
            <location filename="../video/native.py" />
            <source>Damaged record in {file}: {reason}</source>
            <translation>Enregistrement endommagé dans {file} : {reason}</translation>
        </message>
        <message>
            <location filename="../video/native.py" />
            <source>End of the export</source>
            <translation>Fin de l'exportation</translation>
        </message>
        <message>
            <location filename="../video/native.py" />
            <source>{folder}: no native export here (no {index})</source>
            <translation>{folder} : aucune exportation native ici (pas de {index})</translation>
        </message>
        <message>
            <location filename="../video/native.py" />
            <source>{path}: not a Vedette native export index</source>
            <translation>{path} : pas un index d'exportation native Vedette</translation>
        </message>
    </context>
    <context>
        <name>OfflineView</name>
        <message>
            <location filename="../views/offline.py" />
            <source> (this server's)</source>
            <translation> (celle de ce serveur)</translation>
        </message>
        <message>
            <location filename="../views/offline.py" />
            <source> · key {key}…{mine}</source>
            <translation> · clé {key}…{mine}</translation>
        </message>
        <message>
            <location filename="../views/offline.py" />
            <source>Cannot open: {error}</source>
            <translation>Impossible d'ouvrir : {error}</translation>
        </message>
        <message>
            <location filename="../views/offline.py" />
            <source>NOT authentic</source>
            <translation>NON authentique</translation>
        </message>
        <message>
            <location filename="../views/offline.py" />
            <source>Native export folder</source>
            <translation>Dossier d'exportation native</translation>
        </message>
        <message>
            <location filename="../views/offline.py" />
            <source>Open a native export (a folder with index.json) to play it here</source>
            <translation>Ouvrez une exportation native (un dossier contenant index.json) pour la lire ici</translation>
        </message>
        <message>
            <location filename="../views/offline.py" />
            <source>Open export…</source>
            <translation>Ouvrir une exportation…</translation>
        </message>
        <message>
            <location filename="../views/offline.py" />
            <source>Opening {folder}…</source>
            <translation>Ouverture de {folder}…</translation>
        </message>
        <message>
            <location filename="../views/offline.py" />
            <source>Paused</source>
            <translation>En pause</translation>
        </message>
        <message>
            <location filename="../views/offline.py" />
            <source>Verify</source>
            <translation>Vérifier</translation>
        </message>
        <message>
            <location filename="../views/offline.py" />
            <source>Verify: {error}</source>
            <translation>Vérification : {error}</translation>
        </message>
        <message>
            <location filename="../views/offline.py" />
            <source>authentic</source>
            <translation>authentique</translation>
        </message>
        <message>
            <location filename="../views/offline.py" />
            <source>unknown signer</source>
            <translation>signataire inconnu</translation>
        </message>
    </context>
    <context>
        <name>OnvifTab</name>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>192.168.1.2-192.168.1.254, or one address</source>
            <translation>192.168.1.2-192.168.1.254, ou une seule adresse</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>A camera that does not answer discovery: its address[:port], then Test</source>
            <translation>Une caméra qui ne répond pas à la découverte : son adresse[:port], puis Tester</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Add address to list</source>
            <translation>Ajouter l'adresse à la liste</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Add all</source>
            <translation>Tout ajouter</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Add selected</source>
            <translation>Ajouter la sélection</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Added as “{name}” (camera #{id})</source>
            <translation>Ajoutée sous le nom « {name} » (caméra n° {id})</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Adding</source>
            <translation>Ajout</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Adding…</source>
            <translation>Ajout…</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Address</source>
            <translation>Adresse</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Addresses</source>
            <translation>Adresses</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Addresses or ranges to ask, separated by commas; add :PORT when the cameras answer discovery on another port than 3702</source>
            <translation>Adresses ou plages à interroger, séparées par des virgules ; ajoutez :PORT si les caméras répondent à la découverte sur un autre port que 3702</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Already added</source>
            <translation>Déjà ajoutée</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Already added (camera #{id})</source>
            <translation>Déjà ajoutée (caméra n° {id})</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Also search the local network (multicast)</source>
            <translation>Rechercher aussi sur le réseau local (multicast)</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Camera user</source>
            <translation>Utilisateur de la caméra</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Hardware</source>
            <translation>Matériel</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>No camera answered. Check the range, or add an address to the list.</source>
            <translation>Aucune caméra n'a répondu. Vérifiez la plage, ou ajoutez une adresse à la liste.</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Password</source>
            <translation>Mot de passe</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Result</source>
            <translation>Résultat</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Search</source>
            <translation>Rechercher</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Search failed: {error}</source>
            <translation>Échec de la recherche : {error}</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Searching…</source>
            <translation>Recherche…</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Test selected</source>
            <translation>Tester la sélection</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Testing</source>
            <translation>Test</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Testing…</source>
            <translation>Test…</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Tick the cameras first</source>
            <translation>Cochez d'abord les caméras</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>the cameras' password</source>
            <translation>le mot de passe des caméras</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>{count} cameras listed, {new} new in this search, {added} already added</source>
            <translation>{count} caméras listées, {new} nouvelles dans cette recherche, {added} déjà ajoutées</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>{host}:{port} listed: Test it, then add it</source>
            <translation>{host}:{port} listée : testez-la, puis ajoutez-la</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>{verb} {count} cameras…</source>
            <translation>{verb} de {count} caméras…</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>{verb}: {ok} succeeded, {failed} failed</source>
            <translation>{verb} : {ok} réussis, {failed} échoués</translation>
        </message>
    </context>
    <context>
        <name>OverlayEditor</name>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Across (−1 left, 1 right)</source>
            <translation>Horizontal (−1 à gauche, 1 à droite)</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Date format</source>
            <translation>Format de date</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Front door</source>
            <translation>Porte d'entrée</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Position</source>
            <translation>Position</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Shows</source>
            <translation>Affiche</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Text</source>
            <translation>Texte</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Text overlay</source>
            <translation>Incrustation de texte</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>The camera's</source>
            <translation>Celui de la caméra</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Time format</source>
            <translation>Format d'heure</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Up (−1 bottom, 1 top)</source>
            <translation>Vertical (−1 en bas, 1 en haut)</translation>
        </message>
    </context>
    <context>
        <name>OverlaysTab</name>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>(not text: listed only)</source>
            <translation>(pas du texte : affichée seulement)</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Add date/time…</source>
            <translation>Ajouter date/heure…</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Add text…</source>
            <translation>Ajouter un texte…</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>At a point</source>
            <translation>À un point</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Content</source>
            <translation>Contenu</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Date</source>
            <translation>Date</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Date and time</source>
            <translation>Date et heure</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Delete</source>
            <translation>Supprimer</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Delete overlay</source>
            <translation>Supprimer l'incrustation</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Delete this overlay from the camera?</source>
            <translation>Supprimer cette incrustation de la caméra ?</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Deleting…</source>
            <translation>Suppression…</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Edit…</source>
            <translation>Modifier…</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Lower left</source>
            <translation>En bas à gauche</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Lower right</source>
            <translation>En bas à droite</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Position</source>
            <translation>Position</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Read again</source>
            <translation>Relire</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Reading the camera's overlays…</source>
            <translation>Lecture des incrustations de la caméra…</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Saved</source>
            <translation>Enregistré</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Saving…</source>
            <translation>Enregistrement…</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Shows</source>
            <translation>Affiche</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Text</source>
            <translation>Texte</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Time</source>
            <translation>Heure</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Upper left</source>
            <translation>En haut à gauche</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>Upper right</source>
            <translation>En haut à droite</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>the camera's format</source>
            <translation>le format de la caméra</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>{count} of at most {limit} overlays</source>
            <translation>{count} incrustations sur {limit} au plus</translation>
        </message>
        <message>
            <location filename="../views/camera_overlays_tab.py" />
            <source>{count} overlays</source>
            <translation>{count} incrustations</translation>
        </message>
    </context>
    <context>
        <name>PictureTab</name>
        <message>
            <location filename="../views/camera_picture_tab.py" />
            <source>Applied</source>
            <translation>Appliqué</translation>
        </message>
        <message>
            <location filename="../views/camera_picture_tab.py" />
            <source>Apply</source>
            <translation>Appliquer</translation>
        </message>
        <message>
            <location filename="../views/camera_picture_tab.py" />
            <source>Applying…</source>
            <translation>Application…</translation>
        </message>
        <message>
            <location filename="../views/camera_picture_tab.py" />
            <source>Auto</source>
            <translation>Auto</translation>
        </message>
        <message>
            <location filename="../views/camera_picture_tab.py" />
            <source>Backlight compensation</source>
            <translation>Compensation de contre-jour</translation>
        </message>
        <message>
            <location filename="../views/camera_picture_tab.py" />
            <source>Backlight level</source>
            <translation>Niveau de contre-jour</translation>
        </message>
        <message>
            <location filename="../views/camera_picture_tab.py" />
            <source>Blue gain</source>
            <translation>Gain bleu</translation>
        </message>
        <message>
            <location filename="../views/camera_picture_tab.py" />
            <source>Brightness</source>
            <translation>Luminosité</translation>
        </message>
        <message>
            <location filename="../views/camera_picture_tab.py" />
            <source>Contrast</source>
            <translation>Contraste</translation>
        </message>
        <message>
            <location filename="../views/camera_picture_tab.py" />
            <source>Day/night filter</source>
            <translation>Filtre jour/nuit</translation>
        </message>
        <message>
            <location filename="../views/camera_picture_tab.py" />
            <source>Focus</source>
            <translation>Mise au point</translation>
        </message>
        <message>
            <location filename="../views/camera_picture_tab.py" />
            <source>Manual</source>
            <translation>Manuel</translation>
        </message>
        <message>
            <location filename="../views/camera_picture_tab.py" />
            <source>Off</source>
            <translation>Désactivé</translation>
        </message>
        <message>
            <location filename="../views/camera_picture_tab.py" />
            <source>On</source>
            <translation>Activé</translation>
        </message>
        <message>
            <location filename="../views/camera_picture_tab.py" />
            <source>Read again</source>
            <translation>Relire</translation>
        </message>
        <message>
            <location filename="../views/camera_picture_tab.py" />
            <source>Reading the camera's picture settings…</source>
            <translation>Lecture des réglages d'image de la caméra…</translation>
        </message>
        <message>
            <location filename="../views/camera_picture_tab.py" />
            <source>Red gain</source>
            <translation>Gain rouge</translation>
        </message>
        <message>
            <location filename="../views/camera_picture_tab.py" />
            <source>Revert</source>
            <translation>Rétablir</translation>
        </message>
        <message>
            <location filename="../views/camera_picture_tab.py" />
            <source>Saturation</source>
            <translation>Saturation</translation>
        </message>
        <message>
            <location filename="../views/camera_picture_tab.py" />
            <source>Sharpness</source>
            <translation>Netteté</translation>
        </message>
        <message>
            <location filename="../views/camera_picture_tab.py" />
            <source>The camera offers no picture setting.</source>
            <translation>La caméra ne propose aucun réglage d'image.</translation>
        </message>
        <message>
            <location filename="../views/camera_picture_tab.py" />
            <source>WDR level</source>
            <translation>Niveau WDR</translation>
        </message>
        <message>
            <location filename="../views/camera_picture_tab.py" />
            <source>White balance</source>
            <translation>Balance des blancs</translation>
        </message>
        <message>
            <location filename="../views/camera_picture_tab.py" />
            <source>Wide dynamic range (WDR)</source>
            <translation>Plage dynamique étendue (WDR)</translation>
        </message>
        <message>
            <location filename="../views/camera_picture_tab.py" />
            <source>{low:g} to {high:g}</source>
            <translation>{low:g} à {high:g}</translation>
        </message>
    </context>
    <context>
        <name>PlaybackConnection</name>
        <message>
            <location filename="../video/playback.py" />
            <source>End of playback</source>
            <translation>Fin de la lecture</translation>
        </message>
        <message>
            <location filename="../video/playback.py" />
            <source>End of recording</source>
            <translation>Fin de l'enregistrement</translation>
        </message>
        <message>
            <location filename="../video/playback.py" />
            <source>No recording here</source>
            <translation>Aucun enregistrement ici</translation>
        </message>
        <message numerus="yes">
            <location filename="../video/playback.py" />
            <source>Packets skipped: %n</source>
            <translation>
                <numerusform>Paquets ignorés : %n</numerusform>
                <numerusform>Paquets ignorés : %n</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../video/playback.py" />
            <source>Playback is not available on this server version</source>
            <translation>La lecture n'est pas disponible avec cette version du serveur</translation>
        </message>
        <message>
            <location filename="../video/playback.py" />
            <source>Recording unreadable here ({reason}); playing on</source>
            <translation>Enregistrement illisible ici ({reason}) ; la lecture continue</translation>
        </message>
    </context>
    <context>
        <name>PlaybackView</name>
        <message>
            <location filename="../views/playback.py" />
            <source>+30 s</source>
            <translation>+30 s</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>24 h</source>
            <translation>24 h</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>; not exported: {parts}</source>
            <translation> ; non exporté : {parts}</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Add tag</source>
            <translation>Ajouter un repère</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Add tag here</source>
            <translation>Ajouter un repère ici</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Audio off</source>
            <translation>Son coupé</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Audio on (1× forward)</source>
            <translation>Son activé (lecture avant 1×)</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Back 30 seconds</source>
            <translation>Reculer de 30 secondes</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Back up across the site's servers into</source>
            <translation>Sauvegarder depuis les serveurs du site dans</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Back up selection…</source>
            <translation>Sauvegarder la sélection…</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Backing up {camera} from every server that held it into {folder}…</source>
            <translation>Sauvegarde de {camera} depuis chaque serveur qui l'a enregistrée vers {folder}…</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Backup of {camera} failed: {error}</source>
            <translation>Échec de la sauvegarde de {camera} : {error}</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Backup of {camera} written to {folder}: {parts} signed file(s) from {servers}, manifest {manifest}</source>
            <translation>Sauvegarde de {camera} écrite dans {folder} : {parts} fichier(s) signé(s) de {servers}, manifeste {manifest}</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Cannot play this camera from the server that held it then: {error}</source>
            <translation>Impossible de lire cette caméra depuis le serveur qui l'enregistrait alors : {error}</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Click the timeline to choose the instant to tag</source>
            <translation>Cliquez sur la frise chronologique pour choisir l'instant à repérer</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Close</source>
            <translation>Fermer</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Double the speed</source>
            <translation>Doubler la vitesse</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Events and tags</source>
            <translation>Événements et repères</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Faster</source>
            <translation>Plus vite</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>First recording</source>
            <translation>Premier enregistrement</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Forward 30 seconds</source>
            <translation>Avancer de 30 secondes</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Halve the speed</source>
            <translation>Diviser la vitesse par deux</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Last recording</source>
            <translation>Dernier enregistrement</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Mark a start and an end on the timeline first (or shift-drag)</source>
            <translation>Marquez d'abord un début et une fin sur la frise (ou faites glisser avec Maj)</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Mark end</source>
            <translation>Marquer la fin</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Mark start</source>
            <translation>Marquer le début</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Next frame (paused)</source>
            <translation>Image suivante (en pause)</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>No events or tags in the shown range</source>
            <translation>Aucun événement ni repère sur la période affichée</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>No recording known yet for these cameras</source>
            <translation>Aucun enregistrement connu pour l'instant pour ces caméras</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Pause</source>
            <translation>Pause</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Pick a time on the timeline</source>
            <translation>Choisissez un instant sur la frise</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Play</source>
            <translation>Lire</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Playing on from {server}, which held the camera then</source>
            <translation>La lecture continue depuis {server}, qui enregistrait la caméra à ce moment</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Previous frame (paused)</source>
            <translation>Image précédente (en pause)</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Reset digital zoom</source>
            <translation>Réinitialiser le zoom numérique</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Reverse play</source>
            <translation>Lecture arrière</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Show the cameras' watermark over the pictures</source>
            <translation>Afficher le filigrane des caméras sur les images</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Slower</source>
            <translation>Plus lent</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Snapshot of this instant</source>
            <translation>Instantané de cet instant</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Snapshot {id} saved ({width}×{height})</source>
            <translation>Instantané {id} enregistré ({width}×{height})</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Stop</source>
            <translation>Arrêter</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Switch camera (same instant)</source>
            <translation>Changer de caméra (même instant)</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Tag “{name}” added</source>
            <translation>Repère « {name} » ajouté</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Timeline across the site's servers: {error}; showing this server's recordings only</source>
            <translation>Chronologie sur les serveurs du site : {error} ; seuls les enregistrements de ce serveur sont affichés</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Timeline: {error}</source>
            <translation>Frise chronologique : {error}</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Timeline: {server} did not answer ({why}); what it recorded is not shown</source>
            <translation>Chronologie : {server} n'a pas répondu ({why}) ; ce qu'il a enregistré n'est pas affiché</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>Watermark</source>
            <translation>Filigrane</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>paused · </source>
            <translation>en pause · </translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>{server} did not answer ({why}): its events are not listed</source>
            <translation>{server} n'a pas répondu ({why}) : ses événements ne sont pas listés</translation>
        </message>
        <message>
            <location filename="../views/playback.py" />
            <source>−30 s</source>
            <translation>−30 s</translation>
        </message>
    </context>
    <context>
        <name>PresetDialog</name>
        <message>
            <location filename="../ptz/presets.py" />
            <source>A name is needed</source>
            <translation>Un nom est nécessaire</translation>
        </message>
        <message>
            <location filename="../ptz/presets.py" />
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <location filename="../ptz/presets.py" />
            <source>Number</source>
            <translation>Numéro</translation>
        </message>
        <message>
            <location filename="../ptz/presets.py" />
            <source>Preset {number}</source>
            <translation>Préréglage {number}</translation>
        </message>
        <message>
            <location filename="../ptz/presets.py" />
            <source>Rename preset</source>
            <translation>Renommer le préréglage</translation>
        </message>
        <message>
            <location filename="../ptz/presets.py" />
            <source>Save preset</source>
            <translation>Enregistrer le préréglage</translation>
        </message>
        <message>
            <location filename="../ptz/presets.py" />
            <source>Saves where the camera points now; replaces that number.</source>
            <translation>Enregistre la position actuelle de la caméra ; remplace ce numéro.</translation>
        </message>
    </context>
    <context>
        <name>PresetsTab</name>
        <message>
            <location filename="../ptz/presets.py" />
            <source>Call</source>
            <translation>Appeler</translation>
        </message>
        <message>
            <location filename="../ptz/presets.py" />
            <source>Delete</source>
            <translation>Supprimer</translation>
        </message>
        <message>
            <location filename="../ptz/presets.py" />
            <source>Delete preset</source>
            <translation>Supprimer le préréglage</translation>
        </message>
        <message>
            <location filename="../ptz/presets.py" />
            <source>Delete preset {number} ({name}) from the camera?</source>
            <translation>Supprimer le préréglage {number} ({name}) de la caméra ?</translation>
        </message>
        <message>
            <location filename="../ptz/presets.py" />
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <location filename="../ptz/presets.py" />
            <source>No.</source>
            <translation>N°</translation>
        </message>
        <message>
            <location filename="../ptz/presets.py" />
            <source>Rename…</source>
            <translation>Renommer…</translation>
        </message>
        <message>
            <location filename="../ptz/presets.py" />
            <source>Save position…</source>
            <translation>Enregistrer la position…</translation>
        </message>
        <message>
            <location filename="../ptz/presets.py" />
            <source>Save where the camera points now as a preset</source>
            <translation>Enregistrer la position actuelle de la caméra comme préréglage</translation>
        </message>
        <message>
            <location filename="../ptz/presets.py" />
            <source>Send the camera to the selected preset</source>
            <translation>Envoyer la caméra au préréglage sélectionné</translation>
        </message>
        <message>
            <location filename="../ptz/presets.py" />
            <source>{count} of {cap} presets (the device keeps up to {cap})</source>
            <translation>{count} préréglages sur {cap} (l'appareil en garde {cap} au plus)</translation>
        </message>
    </context>
    <context>
        <name>PrivacyTab</name>
        <message>
            <location filename="../views/camera_privacy_tab.py" />
            <source>1 to 15 letters, digits or spaces</source>
            <translation>1 à 15 lettres, chiffres ou espaces</translation>
        </message>
        <message>
            <location filename="../views/camera_privacy_tab.py" />
            <source>Applied by the camera since {time}</source>
            <translation>Appliqués par la caméra depuis {time}</translation>
        </message>
        <message>
            <location filename="../views/camera_privacy_tab.py" />
            <source>Applied by the console and the server, not by the camera</source>
            <translation>Appliqués par la console et le serveur, pas par la caméra</translation>
        </message>
        <message>
            <location filename="../views/camera_privacy_tab.py" />
            <source>Apply the masks in the camera itself</source>
            <translation>Appliquer les masques dans la caméra elle-même</translation>
        </message>
        <message>
            <location filename="../views/camera_privacy_tab.py" />
            <source>Delete mask</source>
            <translation>Supprimer le masque</translation>
        </message>
        <message>
            <location filename="../views/camera_privacy_tab.py" />
            <source>Drag on the picture to draw a mask (up to 4); drag a mask to move it, its corner to resize it. Users without the “See without privacy masks” right see these parts black in live, playback, snapshots and backups.</source>
            <translation>Faites glisser sur l'image pour tracer un masque (4 au plus) ; faites glisser un masque pour le déplacer, son coin pour le redimensionner. Les utilisateurs sans le droit « Voir sans masques de confidentialité » voient ces zones en noir en direct, en lecture, dans les instantanés et les sauvegardes.</translation>
        </message>
        <message>
            <location filename="../views/camera_privacy_tab.py" />
            <source>Remove all masks</source>
            <translation>Supprimer tous les masques</translation>
        </message>
        <message>
            <location filename="../views/camera_privacy_tab.py" />
            <source>Save</source>
            <translation>Enregistrer</translation>
        </message>
        <message>
            <location filename="../views/camera_privacy_tab.py" />
            <source>Saved</source>
            <translation>Enregistré</translation>
        </message>
        <message>
            <location filename="../views/camera_privacy_tab.py" />
            <source>Saving…</source>
            <translation>Enregistrement…</translation>
        </message>
        <message>
            <location filename="../views/camera_privacy_tab.py" />
            <source>Setting the masks on the camera…</source>
            <translation>Envoi des masques à la caméra…</translation>
        </message>
        <message>
            <location filename="../views/camera_privacy_tab.py" />
            <source>Show a watermark over playback</source>
            <translation>Afficher un filigrane en lecture</translation>
        </message>
        <message>
            <location filename="../views/camera_privacy_tab.py" />
            <source>The camera blacks the masks out in the video it sends, so the recording itself is masked from then on: nobody, not even a user with the “See without privacy masks” right, can see behind them. Only for a camera added over ONVIF whose Media2 service has privacy masks: the camera is asked when you save.</source>
            <translation>La caméra noircit les masques dans la vidéo qu'elle envoie : l'enregistrement lui-même est masqué dès lors, et personne, pas même un utilisateur ayant le droit « Voir sans masques de confidentialité », ne peut voir derrière. Seulement pour une caméra ajoutée en ONVIF dont le service Media2 a des masques de confidentialité : la caméra est interrogée à l'enregistrement.</translation>
        </message>
        <message>
            <location filename="../views/camera_privacy_tab.py" />
            <source>The camera has not taken the masks: {reason}. The server tries again by itself; meanwhile the recording may not be masked.</source>
            <translation>La caméra n'a pas pris les masques : {reason}. Le serveur réessaie de lui-même ; en attendant, l'enregistrement peut ne pas être masqué.</translation>
        </message>
        <message>
            <location filename="../views/camera_privacy_tab.py" />
            <source>The watermark needs 1 to 15 letters, digits or spaces</source>
            <translation>Le filigrane doit compter 1 à 15 lettres, chiffres ou espaces</translation>
        </message>
        <message>
            <location filename="../views/camera_privacy_tab.py" />
            <source>This camera was not added over ONVIF with a Media2 service: it cannot apply the masks itself</source>
            <translation>Cette caméra n'a pas été ajoutée en ONVIF avec un service Media2 : elle ne peut pas appliquer les masques elle-même</translation>
        </message>
        <message>
            <location filename="../views/camera_privacy_tab.py" />
            <source>Watermark text</source>
            <translation>Texte du filigrane</translation>
        </message>
        <message>
            <location filename="../views/camera_privacy_tab.py" />
            <source>{count} of {most} masks</source>
            <translation>{count} masques sur {most}</translation>
        </message>
    </context>
    <context>
        <name>PtzPanel</name>
        <message>
            <location filename="../ptz/holder.py" />
            <source>({minutes} min left)</source>
            <translation>(encore {minutes} min)</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>+ Tele</source>
            <translation>+ Télé</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>Close</source>
            <translation>Fermer</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>Close the PTZ panel</source>
            <translation>Fermer le panneau PTZ</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>Cruises</source>
            <translation>Rondes</translation>
        </message>
        <message>
            <location filename="../ptz/holder.py" />
            <source>Denied: {holder} controls this camera at a higher priority ({priority}). Your command was not sent.</source>
            <translation>Refusé : {holder} commande cette caméra avec une priorité plus élevée ({priority}). Votre commande n'a pas été envoyée.</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>Far</source>
            <translation>Loin</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>Focus</source>
            <translation>Mise au point</translation>
        </message>
        <message>
            <location filename="../ptz/holder.py" />
            <source>Free in {seconds} s unless they move it again.</source>
            <translation>Libre dans {seconds} s sauf nouveau mouvement de sa part.</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>Held by {holder}</source>
            <translation>Tenue par {holder}</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>Hold to move the camera</source>
            <translation>Maintenez pour orienter la caméra</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>Hold to move, release to stop</source>
            <translation>Maintenez pour déplacer, relâchez pour arrêter</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>Iris</source>
            <translation>Iris</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>Near</source>
            <translation>Près</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>Nobody controls this camera</source>
            <translation>Personne ne commande cette caméra</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>On the picture: click to centre there, drag a rectangle to zoom to it; hold the right button to zoom out, Ctrl + left to zoom in. Keys: arrows move, + and − zoom.</source>
            <translation>Sur l'image : cliquez pour centrer, tracez un rectangle pour zoomer dessus ; maintenez le bouton droit pour dézoomer, Ctrl + gauche pour zoomer. Clavier : les flèches déplacent, + et − zooment.</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>Open</source>
            <translation>Ouvrir</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>PTZ</source>
            <translation>PTZ</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>PTZ · {camera}</source>
            <translation>PTZ · {camera}</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>Pan {pan:.1f}°  Tilt {tilt:.1f}°</source>
            <translation>Pan {pan:.1f}°  Tilt {tilt:.1f}°</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>Presets</source>
            <translation>Préréglages</translation>
        </message>
        <message>
            <location filename="../ptz/holder.py" />
            <source>Reserved by {holder}</source>
            <translation>Réservée par {holder}</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>Speed</source>
            <translation>Vitesse</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>Speed of the direction, zoom, focus and iris buttons</source>
            <translation>Vitesse des boutons de direction, zoom, mise au point et iris</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>Stop</source>
            <translation>Arrêter</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>The device does not report its position</source>
            <translation>L'appareil n'indique pas sa position</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>This camera's PTZ device has no focus control</source>
            <translation>Le dispositif PTZ de cette caméra n'a pas de commande de mise au point</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>This camera's PTZ device has no iris control</source>
            <translation>Le dispositif PTZ de cette caméra n'a pas de commande d'iris</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>You control this camera</source>
            <translation>Vous commandez cette caméra</translation>
        </message>
        <message>
            <location filename="../ptz/holder.py" />
            <source>You reserved this camera</source>
            <translation>Vous avez réservé cette caméra</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>Your move stopped cruise {number}.</source>
            <translation>Votre mouvement a arrêté la ronde {number}.</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>Zoom</source>
            <translation>Zoom</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>Zoom {zoom:.0f} %</source>
            <translation>Zoom {zoom:.0f} %</translation>
        </message>
        <message>
            <location filename="../ptz/holder.py" />
            <source>cruise {number}</source>
            <translation>ronde {number}</translation>
        </message>
        <message>
            <location filename="../ptz/holder.py" />
            <source>nobody</source>
            <translation>personne</translation>
        </message>
        <message>
            <location filename="../ptz/holder.py" />
            <source>you</source>
            <translation>vous</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>{cruise} now moves the camera; a move here stops it.</source>
            <translation>{cruise} déplace maintenant la caméra ; un mouvement ici l'arrête.</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>{holder} took control of this camera (priority {priority}).</source>
            <translation>{holder} a pris la commande de cette caméra (priorité {priority}).</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>{percent} %</source>
            <translation>{percent} %</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>· moving</source>
            <translation>· en mouvement</translation>
        </message>
        <message>
            <location filename="../ptz/panel.py" />
            <source>− Wide</source>
            <translation>− Grand angle</translation>
        </message>
    </context>
    <context>
        <name>RatePlot</name>
        <message>
            <location filename="../widgets/rate_plot.py" />
            <source>Gbit/s</source>
            <translation>Gbit/s</translation>
        </message>
        <message>
            <location filename="../widgets/rate_plot.py" />
            <source>Mbit/s</source>
            <translation>Mbit/s</translation>
        </message>
        <message>
            <location filename="../widgets/rate_plot.py" />
            <source>bit/s</source>
            <translation>bit/s</translation>
        </message>
        <message>
            <location filename="../widgets/rate_plot.py" />
            <source>in {rx} · out {tx} · top {top}</source>
            <translation>entrant {rx} · sortant {tx} · max {top}</translation>
        </message>
        <message>
            <location filename="../widgets/rate_plot.py" />
            <source>kbit/s</source>
            <translation>kbit/s</translation>
        </message>
    </context>
    <context>
        <name>RecordingTab</name>
        <message>
            <location filename="../views/camera_recording_tab.py" />
            <source> s</source>
            <translation> s</translation>
        </message>
        <message>
            <location filename="../views/camera_recording_tab.py" />
            <source>A preset fills the four schedules below</source>
            <translation>Un modèle remplit les quatre plannings ci-dessous</translation>
        </message>
        <message>
            <location filename="../views/camera_recording_tab.py" />
            <source>Also apply to these cameras</source>
            <translation>Appliquer aussi à ces caméras</translation>
        </message>
        <message>
            <location filename="../views/recording_words.py" />
            <source>Always (24×7)</source>
            <translation>Toujours (24 h/24, 7 j/7)</translation>
        </message>
        <message>
            <location filename="../views/recording_words.py" />
            <source>Always (24×7) + analytics</source>
            <translation>Toujours (24 h/24, 7 j/7) + analyse vidéo</translation>
        </message>
        <message>
            <location filename="../views/recording_words.py" />
            <source>Always (24×7) + motion</source>
            <translation>Toujours (24 h/24, 7 j/7) + mouvement</translation>
        </message>
        <message>
            <location filename="../views/recording_words.py" />
            <source>Always (24×7) + motion + sensor</source>
            <translation>Toujours (24 h/24, 7 j/7) + mouvement + capteur</translation>
        </message>
        <message>
            <location filename="../views/recording_words.py" />
            <source>Always (24×7) + sensor</source>
            <translation>Toujours (24 h/24, 7 j/7) + capteur</translation>
        </message>
        <message>
            <location filename="../views/recording_words.py" />
            <source>Analytics</source>
            <translation>Analyse vidéo</translation>
        </message>
        <message>
            <location filename="../views/recording_words.py" />
            <source>Both streams</source>
            <translation>Les deux flux</translation>
        </message>
        <message>
            <location filename="../views/camera_recording_tab.py" />
            <source>Custom schedules</source>
            <translation>Plannings personnalisés</translation>
        </message>
        <message>
            <location filename="../views/camera_recording_tab.py" />
            <source>Event recording</source>
            <translation>Enregistrement sur événement</translation>
        </message>
        <message>
            <location filename="../views/camera_recording_tab.py" />
            <source>Kept after an event ends</source>
            <translation>Conservé après la fin d'un événement</translation>
        </message>
        <message>
            <location filename="../views/camera_recording_tab.py" />
            <source>Kept before an event starts</source>
            <translation>Conservé avant le début d'un événement</translation>
        </message>
        <message>
            <location filename="../views/recording_words.py" />
            <source>Main stream</source>
            <translation>Flux principal</translation>
        </message>
        <message>
            <location filename="../views/camera_recording_tab.py" />
            <source>Make, edit, rename and delete schedules</source>
            <translation>Créer, modifier, renommer et supprimer des plannings</translation>
        </message>
        <message>
            <location filename="../views/camera_recording_tab.py" />
            <source>Mode</source>
            <translation>Mode</translation>
        </message>
        <message>
            <location filename="../views/camera_recording_tab.py" />
            <source>Mode and schedules</source>
            <translation>Mode et plannings</translation>
        </message>
        <message>
            <location filename="../views/recording_words.py" />
            <source>Motion</source>
            <translation>Mouvement</translation>
        </message>
        <message>
            <location filename="../views/recording_words.py" />
            <source>Motion + sensor</source>
            <translation>Mouvement + capteur</translation>
        </message>
        <message>
            <location filename="../views/camera_recording_tab.py" />
            <source>No recording policy set yet: both streams are recorded always</source>
            <translation>Aucune règle d'enregistrement définie : les deux flux sont enregistrés en permanence</translation>
        </message>
        <message>
            <location filename="../views/camera_recording_tab.py" />
            <source>None</source>
            <translation>Aucun</translation>
        </message>
        <message>
            <location filename="../views/recording_words.py" />
            <source>None (no recording)</source>
            <translation>Aucun (pas d'enregistrement)</translation>
        </message>
        <message>
            <location filename="../views/recording_words.py" />
            <source>Normal</source>
            <translation>Normal</translation>
        </message>
        <message>
            <location filename="../views/camera_recording_tab.py" />
            <source>Normal recording</source>
            <translation>Enregistrement normal</translation>
        </message>
        <message>
            <location filename="../views/camera_recording_tab.py" />
            <source>Post-alarm</source>
            <translation>Post-alarme</translation>
        </message>
        <message>
            <location filename="../views/camera_recording_tab.py" />
            <source>Pre-alarm</source>
            <translation>Pré-alarme</translation>
        </message>
        <message>
            <location filename="../views/camera_recording_tab.py" />
            <source>Read again</source>
            <translation>Relire</translation>
        </message>
        <message>
            <location filename="../views/camera_recording_tab.py" />
            <source>Reading the recording settings…</source>
            <translation>Lecture des paramètres d'enregistrement…</translation>
        </message>
        <message>
            <location filename="../views/camera_recording_tab.py" />
            <source>Save</source>
            <translation>Enregistrer</translation>
        </message>
        <message>
            <location filename="../views/camera_recording_tab.py" />
            <source>Saved</source>
            <translation>Enregistré</translation>
        </message>
        <message numerus="yes">
            <location filename="../views/camera_recording_tab.py" />
            <source>Saved, and copied to {count} cameras</source>
            <extracomment>Singular: Saved, and copied to {count} camera</extracomment>
            <translation>
                <numerusform>Enregistré, et copié sur {count} caméra</numerusform>
                <numerusform>Enregistré, et copié sur {count} caméras</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../views/camera_recording_tab.py" />
            <source>Saving…</source>
            <translation>Enregistrement…</translation>
        </message>
        <message>
            <location filename="../views/camera_recording_tab.py" />
            <source>Schedules…</source>
            <translation>Plannings…</translation>
        </message>
        <message>
            <location filename="../views/recording_words.py" />
            <source>Sensor</source>
            <translation>Capteur</translation>
        </message>
        <message>
            <location filename="../views/camera_recording_tab.py" />
            <source>Streams and event times</source>
            <translation>Flux et durées d'événement</translation>
        </message>
        <message>
            <location filename="../views/recording_words.py" />
            <source>Sub stream</source>
            <translation>Flux secondaire</translation>
        </message>
        <message>
            <location filename="../views/camera_recording_tab.py" />
            <source>There is no other camera.</source>
            <translation>Il n'y a pas d'autre caméra.</translation>
        </message>
        <message>
            <location filename="../views/camera_recording_tab.py" />
            <source>none</source>
            <translation>aucun</translation>
        </message>
        <message>
            <location filename="../views/camera_recording_tab.py" />
            <source>{kind}: {schedule}</source>
            <translation>{kind} : {schedule}</translation>
        </message>
    </context>
    <context>
        <name>RecoveryDialog</name>
        <message>
            <location filename="../appliance/recovery_dialog.py" />
            <source>An answer is wrong; nothing was changed.</source>
            <translation>Une réponse est fausse ; rien n'a été modifié.</translation>
        </message>
        <message>
            <location filename="../appliance/recovery_dialog.py" />
            <source>Answer the questions you chose when the password was set, then choose a new password. Your other sessions end.</source>
            <translation>Répondez aux questions choisies lors de la définition du mot de passe, puis choisissez un nouveau mot de passe. Vos autres sessions se terminent.</translation>
        </message>
        <message>
            <location filename="../appliance/recovery_dialog.py" />
            <source>Asking the recorder…</source>
            <translation>Interrogation de l'enregistreur…</translation>
        </message>
        <message>
            <location filename="../appliance/recovery_dialog.py" />
            <source>Checking the answers…</source>
            <translation>Vérification des réponses…</translation>
        </message>
        <message>
            <location filename="../appliance/recovery_dialog.py" />
            <source>Enter the user name.</source>
            <translation>Saisissez le nom d'utilisateur.</translation>
        </message>
        <message>
            <location filename="../appliance/recovery_dialog.py" />
            <source>New password</source>
            <translation>Nouveau mot de passe</translation>
        </message>
        <message>
            <location filename="../appliance/recovery_dialog.py" />
            <source>New password again</source>
            <translation>Confirmer le nouveau mot de passe</translation>
        </message>
        <message>
            <location filename="../appliance/recovery_dialog.py" />
            <source>Set the new password</source>
            <translation>Définir le nouveau mot de passe</translation>
        </message>
        <message>
            <location filename="../appliance/recovery_dialog.py" />
            <source>Show my questions</source>
            <translation>Afficher mes questions</translation>
        </message>
        <message>
            <location filename="../appliance/recovery_dialog.py" />
            <source>The password is changed.</source>
            <translation>Le mot de passe est changé.</translation>
        </message>
        <message>
            <location filename="../appliance/recovery_dialog.py" />
            <source>The two passwords differ.</source>
            <translation>Les deux mots de passe diffèrent.</translation>
        </message>
        <message>
            <location filename="../appliance/recovery_dialog.py" />
            <source>This account has no recovery questions; ask an administrator.</source>
            <translation>Ce compte n'a pas de questions de récupération ; adressez-vous à un administrateur.</translation>
        </message>
        <message>
            <location filename="../appliance/recovery_dialog.py" />
            <source>User</source>
            <translation>Utilisateur</translation>
        </message>
        <message>
            <location filename="../appliance/recovery_dialog.py" />
            <source>Vedette — forgotten password</source>
            <translation>Vedette — mot de passe oublié</translation>
        </message>
    </context>
    <context>
        <name>ReplaySource</name>
        <message>
            <location filename="../video/sources.py" />
            <source>End of recording</source>
            <translation>Fin de l'enregistrement</translation>
        </message>
    </context>
    <context>
        <name>ReserveButton</name>
        <message>
            <location filename="../ptz/reservation.py" />
            <source>End the reservation of this camera</source>
            <translation>Mettre fin à la réservation de cette caméra</translation>
        </message>
        <message>
            <location filename="../ptz/reservation.py" />
            <source>Release</source>
            <translation>Libérer</translation>
        </message>
        <message>
            <location filename="../ptz/reservation.py" />
            <source>Reserve</source>
            <translation>Réserver</translation>
        </message>
        <message>
            <location filename="../ptz/reservation.py" />
            <source>Reserve this camera for an hour: only you move it until you release it</source>
            <translation>Réserver cette caméra pendant une heure : vous seul la déplacez jusqu'à ce que vous la libériez</translation>
        </message>
    </context>
    <context>
        <name>RtspTab</name>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>A camera is already called “{name}”</source>
            <translation>Une caméra s'appelle déjà « {name} »</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Add camera</source>
            <translation>Ajouter la caméra</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Added “{name}” (camera #{id})</source>
            <translation>« {name} » ajoutée (caméra n° {id})</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Adding…</source>
            <translation>Ajout…</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Camera user</source>
            <translation>Utilisateur de la caméra</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Front door</source>
            <translation>Porte d'entrée</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Give the camera a name</source>
            <translation>Donnez un nom à la caméra</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Give the user name and password here, not inside the URLs.</source>
            <translation>Indiquez le nom d'utilisateur et le mot de passe ici, pas dans les URL.</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Main stream URL</source>
            <translation>URL du flux principal</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Password</source>
            <translation>Mot de passe</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>Sub stream URL</source>
            <translation>URL du flux secondaire</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>The main stream URL must start with rtsp:// or rtsps://</source>
            <translation>L'URL du flux principal doit commencer par rtsp:// ou rtsps://</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>The sub stream URL must start with rtsp:// or rtsps://</source>
            <translation>L'URL du flux secondaire doit commencer par rtsp:// ou rtsps://</translation>
        </message>
        <message>
            <location filename="../views/camera_add_dialog.py" />
            <source>optional: the low-resolution stream</source>
            <translation>facultatif : le flux basse résolution</translation>
        </message>
    </context>
    <context>
        <name>SavedViews</name>
        <message numerus="yes">
            <location filename="../views/saved_views.py" />
            <source>({count} tiles of cameras that are not the site's are not saved)</source>
            <extracomment>Singular: ({count} tile of a camera that is not the site's is not saved)</extracomment>
            <translation>
                <numerusform>({count} vignette d'une caméra hors du site n'est pas enregistrée)</numerusform>
                <numerusform>({count} vignettes de caméras hors du site ne sont pas enregistrées)</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../views/saved_views.py" />
            <source>({count} tiles of other servers are not saved)</source>
            <extracomment>Singular: ({count} tile of other servers is not saved)</extracomment>
            <translation>
                <numerusform>({count} vignette d'autres serveurs n'est pas enregistrée)</numerusform>
                <numerusform>({count} vignettes d'autres serveurs ne sont pas enregistrées)</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../views/saved_views.py" />
            <source>Delete a tour</source>
            <translation>Supprimer une séquence</translation>
        </message>
        <message>
            <location filename="../views/saved_views.py" />
            <source>Delete “{name}”</source>
            <translation>Supprimer « {name} »</translation>
        </message>
        <message>
            <location filename="../views/saved_views.py" />
            <source>Name of the view:</source>
            <translation>Nom de la vue :</translation>
        </message>
        <message>
            <location filename="../views/saved_views.py" />
            <source>New name:</source>
            <translation>Nouveau nom :</translation>
        </message>
        <message>
            <location filename="../views/saved_views.py" />
            <source>New tour of saved views…</source>
            <translation>Nouvelle séquence de vues enregistrées…</translation>
        </message>
        <message>
            <location filename="../views/saved_views.py" />
            <source>No saved tour yet</source>
            <translation>Aucune séquence enregistrée</translation>
        </message>
        <message>
            <location filename="../views/saved_views.py" />
            <source>No saved view yet</source>
            <translation>Aucune vue enregistrée</translation>
        </message>
        <message>
            <location filename="../views/saved_views.py" />
            <source>Recall or save a view first</source>
            <translation>Rappelez ou enregistrez d'abord une vue</translation>
        </message>
        <message>
            <location filename="../views/saved_views.py" />
            <source>Reload from the server</source>
            <translation>Recharger depuis le serveur</translation>
        </message>
        <message>
            <location filename="../views/saved_views.py" />
            <source>Rename view</source>
            <translation>Renommer la vue</translation>
        </message>
        <message>
            <location filename="../views/saved_views.py" />
            <source>Rename “{name}”…</source>
            <translation>Renommer « {name} »…</translation>
        </message>
        <message>
            <location filename="../views/saved_views.py" />
            <source>Save changes to “{name}”</source>
            <translation>Enregistrer les modifications de « {name} »</translation>
        </message>
        <message>
            <location filename="../views/saved_views.py" />
            <source>Save shared view as…</source>
            <translation>Enregistrer la vue partagée sous…</translation>
        </message>
        <message>
            <location filename="../views/saved_views.py" />
            <source>Save some views first: a tour shows saved views in turn</source>
            <translation>Enregistrez d'abord des vues : une séquence affiche les vues enregistrées à tour de rôle</translation>
        </message>
        <message>
            <location filename="../views/saved_views.py" />
            <source>Save view</source>
            <translation>Enregistrer la vue</translation>
        </message>
        <message>
            <location filename="../views/saved_views.py" />
            <source>Save view as…</source>
            <translation>Enregistrer la vue sous…</translation>
        </message>
        <message>
            <location filename="../views/saved_views.py" />
            <source>Stop the tour</source>
            <translation>Arrêter la séquence</translation>
        </message>
        <message>
            <location filename="../views/saved_views.py" />
            <source>Tour “{name}” deleted</source>
            <translation>Séquence « {name} » supprimée</translation>
        </message>
        <message>
            <location filename="../views/saved_views.py" />
            <source>Tour “{name}” saved</source>
            <translation>Séquence « {name} » enregistrée</translation>
        </message>
        <message>
            <location filename="../views/saved_views.py" />
            <source>View renamed “{name}”</source>
            <translation>Vue renommée « {name} »</translation>
        </message>
        <message>
            <location filename="../views/saved_views.py" />
            <source>View “{name}” deleted</source>
            <translation>Vue « {name} » supprimée</translation>
        </message>
        <message>
            <location filename="../views/saved_views.py" />
            <source>View “{name}” saved</source>
            <translation>Vue « {name} » enregistrée</translation>
        </message>
    </context>
    <context>
        <name>SchedulesDialog</name>
        <message>
            <location filename="../views/schedules_dialog.py" />
            <source>A new schedule: draw its hours, name it and save.</source>
            <translation>Un nouveau planning : dessinez ses heures, nommez-le et enregistrez.</translation>
        </message>
        <message>
            <location filename="../views/schedules_dialog.py" />
            <source>A preset: its hours can be changed, not its name.</source>
            <translation>Un modèle : ses heures peuvent être modifiées, pas son nom.</translation>
        </message>
        <message>
            <location filename="../views/schedules_dialog.py" />
            <source>Built in: always, every day. It cannot be changed or deleted.</source>
            <translation>Intégré : toujours, tous les jours. Il ne peut être ni modifié ni supprimé.</translation>
        </message>
        <message>
            <location filename="../views/schedules_dialog.py" />
            <source>Changes not saved</source>
            <translation>Modifications non enregistrées</translation>
        </message>
        <message>
            <location filename="../views/schedules_dialog.py" />
            <source>Delete schedule</source>
            <translation>Supprimer le planning</translation>
        </message>
        <message>
            <location filename="../views/schedules_dialog.py" />
            <source>Delete the schedule “{name}”?</source>
            <translation>Supprimer le planning « {name} » ?</translation>
        </message>
        <message>
            <location filename="../views/schedules_dialog.py" />
            <source>Deleted “{name}”</source>
            <translation>« {name} » supprimé</translation>
        </message>
        <message>
            <location filename="../views/schedules_dialog.py" />
            <source>Delete…</source>
            <translation>Supprimer…</translation>
        </message>
        <message>
            <location filename="../views/schedules_dialog.py" />
            <source>Deleting…</source>
            <translation>Suppression…</translation>
        </message>
        <message>
            <location filename="../views/schedules_dialog.py" />
            <source>Forget the changes to “{name}”?</source>
            <translation>Abandonner les modifications de « {name} » ?</translation>
        </message>
        <message>
            <location filename="../views/schedules_dialog.py" />
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <location filename="../views/schedules_dialog.py" />
            <source>Name of the schedule</source>
            <translation>Nom du planning</translation>
        </message>
        <message>
            <location filename="../views/schedules_dialog.py" />
            <source>New</source>
            <translation>Nouveau</translation>
        </message>
        <message>
            <location filename="../views/schedules_dialog.py" />
            <source>No camera uses it.</source>
            <translation>Aucune caméra ne l'utilise.</translation>
        </message>
        <message>
            <location filename="../views/schedules_dialog.py" />
            <source>Reading the schedules…</source>
            <translation>Lecture des plannings…</translation>
        </message>
        <message>
            <location filename="../views/schedules_dialog.py" />
            <source>Recorded</source>
            <translation>Enregistré</translation>
        </message>
        <message>
            <location filename="../views/schedules_dialog.py" />
            <source>Save</source>
            <translation>Enregistrer</translation>
        </message>
        <message>
            <location filename="../views/schedules_dialog.py" />
            <source>Saved</source>
            <translation>Enregistré</translation>
        </message>
        <message>
            <location filename="../views/schedules_dialog.py" />
            <source>Saving…</source>
            <translation>Enregistrement…</translation>
        </message>
        <message>
            <location filename="../views/schedules_dialog.py" />
            <source>Schedules</source>
            <translation>Plannings</translation>
        </message>
        <message>
            <location filename="../views/schedules_dialog.py" />
            <source>The schedule needs a name</source>
            <translation>Le planning doit avoir un nom</translation>
        </message>
        <message>
            <location filename="../views/schedules_dialog.py" />
            <source>Used by: {cameras}.</source>
            <translation>Utilisé par : {cameras}.</translation>
        </message>
        <message>
            <location filename="../views/schedules_dialog.py" />
            <source>the new schedule</source>
            <translation>le nouveau planning</translation>
        </message>
        <message>
            <location filename="../views/schedules_dialog.py" />
            <source>{name} (built in, read-only)</source>
            <translation>{name} (intégré, lecture seule)</translation>
        </message>
        <message>
            <location filename="../views/schedules_dialog.py" />
            <source>{name} (preset)</source>
            <translation>{name} (modèle)</translation>
        </message>
    </context>
    <context>
        <name>Search</name>
        <message>
            <location filename="../views/search/thumbnails.py" />
            <source>no picture</source>
            <translation>pas d'image</translation>
        </message>
        <message>
            <location filename="../views/search/thumbnails.py" />
            <source>no recording</source>
            <translation>pas d'enregistrement</translation>
        </message>
    </context>
    <context>
        <name>SearchView</name>
        <message>
            <location filename="../views/search/__init__.py" />
            <source>By time</source>
            <translation>Par heure</translation>
        </message>
        <message>
            <location filename="../views/search/__init__.py" />
            <source>Events</source>
            <translation>Événements</translation>
        </message>
        <message>
            <location filename="../views/search/__init__.py" />
            <source>Motion</source>
            <translation>Mouvement</translation>
        </message>
        <message>
            <location filename="../views/search/__init__.py" />
            <source>Snapshots</source>
            <translation>Instantanés</translation>
        </message>
        <message>
            <location filename="../views/search/__init__.py" />
            <source>Tags</source>
            <translation>Repères</translation>
        </message>
        <message>
            <location filename="../views/search/__init__.py" />
            <source>Time slices</source>
            <translation>Tranches de temps</translation>
        </message>
    </context>
    <context>
        <name>SequenceDialog</name>
        <message>
            <location filename="../views/sequence_dialog.py" />
            <source> s per camera</source>
            <translation> s par caméra</translation>
        </message>
        <message>
            <location filename="../views/sequence_dialog.py" />
            <source>Cameras, in the order checked</source>
            <translation>Caméras, dans l'ordre de sélection</translation>
        </message>
        <message>
            <location filename="../views/sequence_dialog.py" />
            <source>Dwell</source>
            <translation>Durée</translation>
        </message>
        <message>
            <location filename="../views/sequence_dialog.py" />
            <source>Entrances</source>
            <translation>Entrées du bâtiment</translation>
        </message>
        <message>
            <location filename="../views/sequence_dialog.py" />
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <location filename="../views/sequence_dialog.py" />
            <source>Sequence group</source>
            <translation>Groupe de séquence</translation>
        </message>
        <message numerus="yes">
            <location filename="../views/sequence_dialog.py" />
            <source>{count} cameras chosen (2 to 64)</source>
            <extracomment>Singular: {count} camera chosen (2 to 64)</extracomment>
            <translation>
                <numerusform>{count} caméra choisie (2 à 64)</numerusform>
                <numerusform>{count} caméras choisies (2 à 64)</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>SessionLifetime</name>
        <message>
            <location filename="../session_lifetime.py" />
            <source>Could not sign in again after the server restarted: {reason}</source>
            <translation>Impossible de se reconnecter après le redémarrage du serveur : {reason}</translation>
        </message>
        <message>
            <location filename="../session_lifetime.py" />
            <source>Signed out after {minutes} min without activity (the server's automatic logout). Sign in to go on.</source>
            <translation>Déconnecté après {minutes} min d'inactivité (déconnexion automatique du serveur). Reconnectez-vous pour continuer.</translation>
        </message>
        <message>
            <location filename="../session_lifetime.py" />
            <source>Signed out: the server ended this session. Sign in to go on.</source>
            <translation>Déconnecté : le serveur a mis fin à cette session. Reconnectez-vous pour continuer.</translation>
        </message>
        <message>
            <location filename="../session_lifetime.py" />
            <source>The server restarted. Sign in to go on.</source>
            <translation>Le serveur a redémarré. Reconnectez-vous pour continuer.</translation>
        </message>
    </context>
    <context>
        <name>SignInDialog</name>
        <message>
            <location filename="../signin.py" />
            <source>&lt;b&gt;First connection to {server}.&lt;/b&gt;&lt;br&gt;Certificate SHA-256:&lt;br&gt;&lt;tt&gt;{fingerprint}&lt;/tt&gt;&lt;br&gt;Check that it matches the fingerprint the server shows, then trust it. It is pinned: a different certificate will be refused later.</source>
            <translation>&lt;b&gt;Première connexion à {server}.&lt;/b&gt;&lt;br&gt;Certificat SHA-256 :&lt;br&gt;&lt;tt&gt;{fingerprint}&lt;/tt&gt;&lt;br&gt;Vérifiez qu'il correspond à l'empreinte affichée par le serveur, puis faites-lui confiance. Il sera mémorisé : un certificat différent sera refusé par la suite.</translation>
        </message>
        <message>
            <location filename="../signin.py" />
            <source>&lt;b&gt;Warning: the certificate of {server} has changed.&lt;/b&gt;&lt;br&gt;Pinned SHA-256:&lt;br&gt;&lt;tt&gt;{pinned}&lt;/tt&gt;&lt;br&gt;Presented SHA-256:&lt;br&gt;&lt;tt&gt;{presented}&lt;/tt&gt;&lt;br&gt;The server may have been reinstalled, or someone may be intercepting the connection. The console refuses to connect. Ask the administrator to compare the fingerprint with the one the server prints, then remove the old entry from the known-servers file.</source>
            <translation>&lt;b&gt;Attention : le certificat de {server} a changé.&lt;/b&gt;&lt;br&gt;SHA-256 mémorisé :&lt;br&gt;&lt;tt&gt;{pinned}&lt;/tt&gt;&lt;br&gt;SHA-256 présenté :&lt;br&gt;&lt;tt&gt;{presented}&lt;/tt&gt;&lt;br&gt;Le serveur a peut-être été réinstallé, ou quelqu'un intercepte peut-être la connexion. La console refuse de se connecter. Demandez à l'administrateur de comparer l'empreinte avec celle qu'affiche le serveur, puis de retirer l'ancienne entrée du fichier des serveurs connus.</translation>
        </message>
        <message>
            <location filename="../signin.py" />
            <source>Contacting {address}…</source>
            <translation>Contact de {address}…</translation>
        </message>
        <message>
            <location filename="../signin.py" />
            <source>Forgot password?</source>
            <translation>Mot de passe oublié ?</translation>
        </message>
        <message>
            <location filename="../signin.py" />
            <source>Language</source>
            <translation>Langue</translation>
        </message>
        <message>
            <location filename="../signin.py" />
            <source>Password</source>
            <translation>Mot de passe</translation>
        </message>
        <message>
            <location filename="../signin.py" />
            <source>Password changed: sign in with the new one.</source>
            <translation>Mot de passe changé : connectez-vous avec le nouveau.</translation>
        </message>
        <message>
            <location filename="../signin.py" />
            <source>Refused: the server's certificate does not match the pinned one.</source>
            <translation>Refusé : le certificat du serveur ne correspond pas à celui mémorisé.</translation>
        </message>
        <message>
            <location filename="../signin.py" />
            <source>Remember the password (system keychain)</source>
            <translation>Mémoriser le mot de passe (trousseau du système)</translation>
        </message>
        <message>
            <location filename="../signin.py" />
            <source>Server</source>
            <translation>Serveur</translation>
        </message>
        <message>
            <location filename="../signin.py" />
            <source>Sign in</source>
            <translation>Se connecter</translation>
        </message>
        <message>
            <location filename="../signin.py" />
            <source>Sign in to a Vedette server</source>
            <translation>Connexion à un serveur Vedette</translation>
        </message>
        <message>
            <location filename="../signin.py" />
            <source>Signed in.</source>
            <translation>Connecté.</translation>
        </message>
        <message>
            <location filename="../signin.py" />
            <source>Signing in…</source>
            <translation>Connexion…</translation>
        </message>
        <message>
            <location filename="../signin.py" />
            <source>Trust and sign in</source>
            <translation>Faire confiance et se connecter</translation>
        </message>
        <message>
            <location filename="../signin.py" />
            <source>User</source>
            <translation>Utilisateur</translation>
        </message>
        <message>
            <location filename="../signin.py" />
            <source>Vedette — sign in</source>
            <translation>Vedette — connexion</translation>
        </message>
        <message>
            <location filename="../signin.py" />
            <source>Wrong user name or password.</source>
            <translation>Nom d'utilisateur ou mot de passe incorrect.</translation>
        </message>
        <message>
            <location filename="../signin.py" />
            <source>host:port, e.g. 192.168.1.20:7443</source>
            <translation>hôte:port, p. ex. 192.168.1.20:7443</translation>
        </message>
    </context>
    <context>
        <name>SiteAlarmList</name>
        <message>
            <location filename="../site.py" />
            <source>Alarm</source>
            <translation>Alarme</translation>
        </message>
        <message>
            <location filename="../site.py" />
            <source>Cameras</source>
            <translation>Caméras</translation>
        </message>
        <message>
            <location filename="../site.py" />
            <source>Server</source>
            <translation>Serveur</translation>
        </message>
        <message>
            <location filename="../site.py" />
            <source>State</source>
            <translation>État</translation>
        </message>
        <message>
            <location filename="../site.py" />
            <source>Time</source>
            <translation>Heure</translation>
        </message>
        <message>
            <location filename="../site.py" />
            <source>closed</source>
            <translation>clôturée</translation>
        </message>
        <message>
            <location filename="../site.py" />
            <source>in progress</source>
            <translation>en cours</translation>
        </message>
        <message>
            <location filename="../site.py" />
            <source>new</source>
            <translation>nouvelle</translation>
        </message>
        <message>
            <location filename="../site.py" />
            <source>on hold</source>
            <translation>en attente</translation>
        </message>
    </context>
    <context>
        <name>SiteLink</name>
        <message>
            <location filename="../site.py" />
            <source> · standby</source>
            <translation> · secours</translation>
        </message>
        <message>
            <location filename="../site.py" />
            <source> · {recording}/{cameras} recording</source>
            <translation> · {recording}/{cameras} en enregistrement</translation>
        </message>
        <message>
            <location filename="../site.py" />
            <source>The site directory ended this session: sign in again.</source>
            <translation>L'annuaire du site a mis fin à cette session : reconnectez-vous.</translation>
        </message>
        <message>
            <location filename="../site.py" />
            <source>left the site</source>
            <translation>a quitté le site</translation>
        </message>
        <message>
            <location filename="../site.py" />
            <source>offline</source>
            <translation>hors ligne</translation>
        </message>
        <message>
            <location filename="../site.py" />
            <source>online</source>
            <translation>en ligne</translation>
        </message>
        <message>
            <location filename="../site.py" />
            <source>site {site}: directory reachable</source>
            <translation>site {site} : annuaire joignable</translation>
        </message>
        <message>
            <location filename="../site.py" />
            <source>site {site}: directory unreachable ({error}); the recording servers go on</source>
            <translation>site {site} : annuaire injoignable ({error}) ; les serveurs d'enregistrement continuent</translation>
        </message>
    </context>
    <context>
        <name>SnapshotGallery</name>
        <message>
            <location filename="../views/search/snapshots.py" />
            <source>#{id} camera {camera} {source}</source>
            <translation>n° {id} caméra {camera} {source}</translation>
        </message>
        <message>
            <location filename="../views/search/snapshots.py" />
            <source>Delete selected</source>
            <translation>Supprimer la sélection</translation>
        </message>
        <message>
            <location filename="../views/search/snapshots.py" />
            <source>Export selected</source>
            <translation>Exporter la sélection</translation>
        </message>
        <message>
            <location filename="../views/search/snapshots.py" />
            <source>Exported to {folder} on the server</source>
            <translation>Exporté dans {folder} sur le serveur</translation>
        </message>
        <message>
            <location filename="../views/search/snapshots.py" />
            <source>Next ▶</source>
            <translation>Suivant ▶</translation>
        </message>
        <message>
            <location filename="../views/search/snapshots.py" />
            <source>Refresh</source>
            <translation>Actualiser</translation>
        </message>
        <message>
            <location filename="../views/search/snapshots.py" />
            <source>Select a snapshot</source>
            <translation>Sélectionnez un instantané</translation>
        </message>
        <message>
            <location filename="../views/search/snapshots.py" />
            <source>Slideshow</source>
            <translation>Diaporama</translation>
        </message>
        <message>
            <location filename="../views/search/snapshots.py" />
            <source>live</source>
            <translation>direct</translation>
        </message>
        <message>
            <location filename="../views/search/snapshots.py" />
            <source>recorded</source>
            <translation>enregistré</translation>
        </message>
        <message>
            <location filename="../views/search/snapshots.py" />
            <source>◀ Previous</source>
            <translation>◀ Précédent</translation>
        </message>
    </context>
    <context>
        <name>SpotDisplay</name>
        <message>
            <location filename="../spot/display.py" />
            <source>Cannot sign in as {user}: no password in the keychain or VEDETTE_PASSWORD</source>
            <translation>Connexion impossible en tant que {user} : aucun mot de passe dans le trousseau ni dans VEDETTE_PASSWORD</translation>
        </message>
        <message>
            <location filename="../spot/display.py" />
            <source>Cannot sign in to {server}: {error}</source>
            <translation>Connexion impossible à {server} : {error}</translation>
        </message>
        <message>
            <location filename="../spot/display.py" />
            <source>Cannot sign in: give --server and --user</source>
            <translation>Connexion impossible : indiquez --server et --user</translation>
        </message>
        <message>
            <location filename="../spot/display.py" />
            <source>Connecting to {server}…</source>
            <translation>Connexion à {server}…</translation>
        </message>
        <message>
            <location filename="../spot/display.py" />
            <source>No view assigned to the secondary display</source>
            <translation>Aucune vue attribuée à l'écran secondaire</translation>
        </message>
        <message>
            <location filename="../spot/display.py" />
            <source>Not signed in</source>
            <translation>Non connecté</translation>
        </message>
        <message>
            <location filename="../spot/display.py" />
            <source>Signed out: {reason}</source>
            <translation>Déconnecté : {reason}</translation>
        </message>
        <message>
            <location filename="../spot/display.py" />
            <source>The server does not answer: {error}</source>
            <translation>Le serveur ne répond pas : {error}</translation>
        </message>
    </context>
    <context>
        <name>SpotWindow</name>
        <message>
            <location filename="../spot/window.py" />
            <source>Starting…</source>
            <translation>Démarrage…</translation>
        </message>
        <message>
            <location filename="../spot/window.py" />
            <source>Vedette spot monitor</source>
            <translation>Vedette — moniteur spot</translation>
        </message>
    </context>
    <context>
        <name>StackedBars</name>
        <message>
            <location filename="../widgets/stacked_bars.py" />
            <source>{category} · {series}: {count}</source>
            <translation>{category} · {series} : {count}</translation>
        </message>
    </context>
    <context>
        <name>StartupWizard</name>
        <message>
            <location filename="../wizard/disks.py" />
            <source>Add folder</source>
            <translation>Ajouter le dossier</translation>
        </message>
        <message>
            <location filename="../wizard/disks.py" />
            <source>Adding…</source>
            <translation>Ajout…</translation>
        </message>
        <message>
            <location filename="../wizard/network.py" />
            <source>Addresses</source>
            <translation>Adresses</translation>
        </message>
        <message>
            <location filename="../wizard/account.py" />
            <source>Administrator</source>
            <translation>Administrateur</translation>
        </message>
        <message>
            <location filename="../wizard/account.py" />
            <source>Answer</source>
            <translation>Réponse</translation>
        </message>
        <message>
            <location filename="../wizard/window.py" />
            <source>Back</source>
            <translation>Précédent</translation>
        </message>
        <message>
            <location filename="../wizard/cameras.py" />
            <source>Cameras</source>
            <translation>Caméras</translation>
        </message>
        <message>
            <location filename="../wizard/recording.py" />
            <source>Choose a schedule</source>
            <translation>Choisissez un planning</translation>
        </message>
        <message>
            <location filename="../wizard/account.py" />
            <source>Choose the password of the administrator account “admin”, and three security questions: their answers let you set a new password on this appliance if it is forgotten.</source>
            <translation>Choisissez le mot de passe du compte administrateur « admin » et trois questions de sécurité : leurs réponses vous permettront de définir un nouveau mot de passe sur cet enregistreur en cas d'oubli.</translation>
        </message>
        <message>
            <location filename="../wizard/account.py" />
            <source>Choose three different questions</source>
            <translation>Choisissez trois questions différentes</translation>
        </message>
        <message>
            <location filename="../wizard/window.py" />
            <source>Close</source>
            <translation>Fermer</translation>
        </message>
        <message>
            <location filename="../wizard/recording.py" />
            <source>Continuous, within a schedule:</source>
            <translation>Continu, selon un planning :</translation>
        </message>
        <message>
            <location filename="../wizard/recording.py" />
            <source>Continuous: all the time</source>
            <translation>Continu : en permanence</translation>
        </message>
        <message>
            <location filename="../wizard/clock.py" />
            <source>Date and time</source>
            <translation>Date et heure</translation>
        </message>
        <message>
            <location filename="../wizard/disks.py" />
            <source>Disks</source>
            <translation>Disques</translation>
        </message>
        <message>
            <location filename="../wizard/account.py" />
            <source>Enter the password</source>
            <translation>Saisissez le mot de passe</translation>
        </message>
        <message>
            <location filename="../wizard/cameras.py" />
            <source>Find ONVIF cameras</source>
            <translation>Rechercher des caméras ONVIF</translation>
        </message>
        <message>
            <location filename="../wizard/window.py" />
            <source>Finish</source>
            <translation>Terminer</translation>
        </message>
        <message>
            <location filename="../wizard/disks.py" />
            <source>Folder</source>
            <translation>Dossier</translation>
        </message>
        <message>
            <location filename="../wizard/disks.py" />
            <source>Free</source>
            <translation>Libre</translation>
        </message>
        <message>
            <location filename="../wizard/clock.py" />
            <source>From a time server (NTP)</source>
            <translation>Depuis un serveur de temps (NTP)</translation>
        </message>
        <message>
            <location filename="../wizard/disks.py" />
            <source>Full or read-only</source>
            <translation>Plein ou en lecture seule</translation>
        </message>
        <message>
            <location filename="../wizard/account.py" />
            <source>Give a question and its answer</source>
            <translation>Indiquez une question et sa réponse</translation>
        </message>
        <message>
            <location filename="../wizard/disks.py" />
            <source>Give the folder's full path, starting with /</source>
            <translation>Indiquez le chemin complet du dossier, commençant par /</translation>
        </message>
        <message>
            <location filename="../wizard/recording.py" />
            <source>How every camera records (each camera can be changed later).</source>
            <translation>Comment chaque caméra enregistre (chaque caméra peut être modifiée plus tard).</translation>
        </message>
        <message>
            <location filename="../wizard/disks.py" />
            <source>In use</source>
            <translation>Utilisé</translation>
        </message>
        <message>
            <location filename="../wizard/account.py" />
            <source>In which town was your mother born?</source>
            <translation>Dans quelle ville votre mère est-elle née ?</translation>
        </message>
        <message>
            <location filename="../wizard/disks.py" />
            <source>Initialise volume</source>
            <translation>Initialiser le volume</translation>
        </message>
        <message>
            <location filename="../wizard/disks.py" />
            <source>Initialise {path} for recording? The recorder marks the folder as its own and starts recording into it; files already in the folder are left as they are, but the recorder may delete its oldest recordings there when the disk is full.</source>
            <translation>Initialiser {path} pour l'enregistrement ? L'enregistreur marque le dossier comme le sien et commence à y enregistrer ; les fichiers déjà présents sont laissés tels quels, mais l'enregistreur peut y supprimer ses enregistrements les plus anciens quand le disque est plein.</translation>
        </message>
        <message>
            <location filename="../wizard/disks.py" />
            <source>Initialise…</source>
            <translation>Initialiser…</translation>
        </message>
        <message>
            <location filename="../wizard/disks.py" />
            <source>Initialising…</source>
            <translation>Initialisation…</translation>
        </message>
        <message>
            <location filename="../wizard/network.py" />
            <source>Interface</source>
            <translation>Interface</translation>
        </message>
        <message>
            <location filename="../wizard/account.py" />
            <source>Language</source>
            <translation>Langue</translation>
        </message>
        <message>
            <location filename="../wizard/network.py" />
            <source>Link</source>
            <translation>Liaison</translation>
        </message>
        <message>
            <location filename="../wizard/network.py" />
            <source>MAC address</source>
            <translation>Adresse MAC</translation>
        </message>
        <message>
            <location filename="../wizard/clock.py" />
            <source>NTP from {server}</source>
            <translation>NTP depuis {server}</translation>
        </message>
        <message>
            <location filename="../wizard/network.py" />
            <source>Network</source>
            <translation>Réseau</translation>
        </message>
        <message>
            <location filename="../wizard/window.py" />
            <source>Next</source>
            <translation>Suivant</translation>
        </message>
        <message>
            <location filename="../wizard/recording.py" />
            <source>No camera yet: add cameras first, or set this later.</source>
            <translation>Aucune caméra pour l'instant : ajoutez d'abord des caméras, ou réglez ceci plus tard.</translation>
        </message>
        <message>
            <location filename="../wizard/disks.py" />
            <source>No volume yet: add a disk's folder.</source>
            <translation>Aucun volume pour l'instant : ajoutez le dossier d'un disque.</translation>
        </message>
        <message>
            <location filename="../wizard/disks.py" />
            <source>Not initialised</source>
            <translation>Non initialisé</translation>
        </message>
        <message>
            <location filename="../wizard/step.py" />
            <source>Not signed in (the administrator step was skipped): nothing to do here.</source>
            <translation>Non connecté (l'étape administrateur a été passée) : rien à faire ici.</translation>
        </message>
        <message>
            <location filename="../wizard/summary.py" />
            <source>Not signed in: the wizard opens again at the next start.</source>
            <translation>Non connecté : l'assistant s'ouvrira de nouveau au prochain démarrage.</translation>
        </message>
        <message>
            <location filename="../wizard/recording.py" />
            <source>On motion only</source>
            <translation>Sur mouvement uniquement</translation>
        </message>
        <message>
            <location filename="../wizard/account.py" />
            <source>Password</source>
            <translation>Mot de passe</translation>
        </message>
        <message>
            <location filename="../wizard/account.py" />
            <source>Password again</source>
            <translation>Confirmer le mot de passe</translation>
        </message>
        <message>
            <location filename="../wizard/account.py" />
            <source>Password and security questions set; signed in as {user}</source>
            <translation>Mot de passe et questions de sécurité définis ; connecté en tant que {user}</translation>
        </message>
        <message>
            <location filename="../wizard/account.py" />
            <source>Question {number}</source>
            <translation>Question {number}</translation>
        </message>
        <message>
            <location filename="../wizard/cameras.py" />
            <source>RTSP URL</source>
            <translation>URL RTSP</translation>
        </message>
        <message>
            <location filename="../wizard/cameras.py" />
            <location filename="../wizard/clock.py" />
            <location filename="../wizard/disks.py" />
            <location filename="../wizard/network.py" />
            <location filename="../wizard/recording.py" />
            <source>Reading…</source>
            <translation>Lecture…</translation>
        </message>
        <message>
            <location filename="../wizard/recording.py" />
            <source>Recording</source>
            <translation>Enregistrement</translation>
        </message>
        <message>
            <location filename="../wizard/step.py" />
            <source>Refused: {reason}</source>
            <translation>Refusé : {reason}</translation>
        </message>
        <message>
            <location filename="../wizard/account.py" />
            <source>Saving the language…</source>
            <translation>Enregistrement de la langue…</translation>
        </message>
        <message>
            <location filename="../wizard/account.py" />
            <location filename="../wizard/clock.py" />
            <location filename="../wizard/recording.py" />
            <location filename="../wizard/summary.py" />
            <source>Saving…</source>
            <translation>Enregistrement…</translation>
        </message>
        <message>
            <location filename="../wizard/cameras.py" />
            <source>Search the network for ONVIF cameras, tick them and add them; or add a camera by its RTSP address.</source>
            <translation>Recherchez les caméras ONVIF sur le réseau, cochez-les et ajoutez-les ; ou ajoutez une caméra par son adresse RTSP.</translation>
        </message>
        <message>
            <location filename="../wizard/clock.py" />
            <source>Set by hand</source>
            <translation>Réglage manuel</translation>
        </message>
        <message>
            <location filename="../wizard/clock.py" />
            <source>Setting the clock…</source>
            <translation>Réglage de l'horloge…</translation>
        </message>
        <message>
            <location filename="../wizard/summary.py" />
            <source>Show this wizard at next start</source>
            <translation>Afficher cet assistant au prochain démarrage</translation>
        </message>
        <message>
            <location filename="../wizard/network.py" />
            <source>Shown (not changed)</source>
            <translation>Affiché (non modifié)</translation>
        </message>
        <message>
            <location filename="../wizard/account.py" />
            <source>Signed in as {user}</source>
            <translation>Connecté en tant que {user}</translation>
        </message>
        <message>
            <location filename="../wizard/account.py" />
            <source>Signing in…</source>
            <translation>Connexion…</translation>
        </message>
        <message>
            <location filename="../wizard/disks.py" />
            <source>Size</source>
            <translation>Taille</translation>
        </message>
        <message>
            <location filename="../wizard/window.py" />
            <source>Skip</source>
            <translation>Passer</translation>
        </message>
        <message>
            <location filename="../wizard/disks.py" />
            <source>State</source>
            <translation>État</translation>
        </message>
        <message>
            <location filename="../wizard/summary.py" />
            <source>Summary</source>
            <translation>Résumé</translation>
        </message>
        <message>
            <location filename="../wizard/account.py" />
            <source>The administrator password is set: sign in to go on.</source>
            <translation>Le mot de passe administrateur est défini : connectez-vous pour continuer.</translation>
        </message>
        <message>
            <location filename="../wizard/account.py" />
            <source>The language of the console and of the server's messages.</source>
            <translation>La langue de la console et des messages du serveur.</translation>
        </message>
        <message>
            <location filename="../wizard/network.py" />
            <source>The network interfaces of the recorder and their addresses.</source>
            <translation>Les interfaces réseau de l'enregistreur et leurs adresses.</translation>
        </message>
        <message>
            <location filename="../wizard/network.py" />
            <source>The server lists no network interface.</source>
            <translation>Le serveur n'indique aucune interface réseau.</translation>
        </message>
        <message>
            <location filename="../wizard/clock.py" />
            <source>The time zone the recordings are shown in, and where the clock comes from.</source>
            <translation>Le fuseau horaire dans lequel les enregistrements sont affichés, et la source de l'horloge.</translation>
        </message>
        <message>
            <location filename="../wizard/account.py" />
            <source>The two passwords differ</source>
            <translation>Les deux mots de passe diffèrent</translation>
        </message>
        <message>
            <location filename="../wizard/network.py" />
            <source>These settings are shown here, not changed: set the recorder's address, gateway and DNS on its host system for now.</source>
            <translation>Ces paramètres sont affichés ici, pas modifiés : pour l'instant, réglez l'adresse, la passerelle et le DNS de l'enregistreur sur son système hôte.</translation>
        </message>
        <message>
            <location filename="../wizard/clock.py" />
            <source>This server does not set its computer's clock (it is not an appliance): the zone is used to show times; set the clock on the computer itself.</source>
            <translation>Ce serveur ne règle pas l'horloge de son ordinateur (ce n'est pas un enregistreur dédié) : le fuseau sert à afficher les heures ; réglez l'horloge sur l'ordinateur lui-même.</translation>
        </message>
        <message>
            <location filename="../wizard/clock.py" />
            <source>Time server</source>
            <translation>Serveur de temps</translation>
        </message>
        <message>
            <location filename="../wizard/clock.py" />
            <source>Time zone</source>
            <translation>Fuseau horaire</translation>
        </message>
        <message>
            <location filename="../wizard/clock.py" />
            <source>Time zone {zone}, clock {source}</source>
            <translation>Fuseau horaire {zone}, horloge {source}</translation>
        </message>
        <message>
            <location filename="../wizard/disks.py" />
            <source>Unavailable</source>
            <translation>Indisponible</translation>
        </message>
        <message>
            <location filename="../wizard/account.py" />
            <source>User</source>
            <translation>Utilisateur</translation>
        </message>
        <message>
            <location filename="../wizard/window.py" />
            <source>Vedette — first start</source>
            <translation>Vedette — premier démarrage</translation>
        </message>
        <message>
            <location filename="../wizard/cameras.py" />
            <source>Wait until the cameras being added are done</source>
            <translation>Attendez la fin de l'ajout des caméras</translation>
        </message>
        <message>
            <location filename="../wizard/account.py" />
            <source>What is the name of the street you grew up in?</source>
            <translation>Quel est le nom de la rue où vous avez grandi ?</translation>
        </message>
        <message>
            <location filename="../wizard/summary.py" />
            <source>What was set up. Everything can be changed later in Settings.</source>
            <translation>Ce qui a été configuré. Tout peut être modifié plus tard dans Paramètres.</translation>
        </message>
        <message>
            <location filename="../wizard/account.py" />
            <source>What was the name of your first pet?</source>
            <translation>Quel était le nom de votre premier animal de compagnie ?</translation>
        </message>
        <message>
            <location filename="../wizard/account.py" />
            <source>What was the name of your primary school?</source>
            <translation>Quel était le nom de votre école primaire ?</translation>
        </message>
        <message>
            <location filename="../wizard/account.py" />
            <source>What was your first car?</source>
            <translation>Quelle était votre première voiture ?</translation>
        </message>
        <message>
            <location filename="../wizard/disks.py" />
            <source>Where the recordings go: add each disk's folder, then initialise it.</source>
            <translation>Où vont les enregistrements : ajoutez le dossier de chaque disque, puis initialisez-le.</translation>
        </message>
        <message>
            <location filename="../wizard/step.py" />
            <source>Working…</source>
            <translation>En cours…</translation>
        </message>
        <message>
            <location filename="../wizard/recording.py" />
            <source>continuous recording</source>
            <translation>enregistrement continu</translation>
        </message>
        <message>
            <location filename="../wizard/recording.py" />
            <source>continuous recording within “{schedule}”</source>
            <translation>enregistrement continu selon « {schedule} »</translation>
        </message>
        <message>
            <location filename="../wizard/network.py" />
            <source>down</source>
            <translation>inactive</translation>
        </message>
        <message>
            <location filename="../wizard/network.py" />
            <source>none</source>
            <translation>aucun</translation>
        </message>
        <message>
            <location filename="../wizard/summary.py" />
            <source>nothing changed</source>
            <translation>rien n'a changé</translation>
        </message>
        <message>
            <location filename="../wizard/recording.py" />
            <source>recording on motion</source>
            <translation>enregistrement sur mouvement</translation>
        </message>
        <message>
            <location filename="../wizard/clock.py" />
            <source>set by hand</source>
            <translation>réglée manuellement</translation>
        </message>
        <message>
            <location filename="../wizard/network.py" />
            <source>up</source>
            <translation>active</translation>
        </message>
        <message>
            <location filename="../wizard/recording.py" />
            <source>{cameras}: {mode}</source>
            <translation>{cameras} : {mode}</translation>
        </message>
        <message numerus="yes">
            <location filename="../wizard/recording.py" />
            <source>{count} cameras</source>
            <extracomment>Singular: {count} camera</extracomment>
            <translation>
                <numerusform>{count} caméra</numerusform>
                <numerusform>{count} caméras</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../wizard/cameras.py" />
            <source>{count} cameras added</source>
            <extracomment>Singular: {count} camera added</extracomment>
            <translation>
                <numerusform>{count} caméra ajoutée</numerusform>
                <numerusform>{count} caméras ajoutées</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../wizard/cameras.py" />
            <source>{count} cameras on the recorder</source>
            <extracomment>Singular: {count} camera on the recorder</extracomment>
            <translation>
                <numerusform>{count} caméra sur l'enregistreur</numerusform>
                <numerusform>{count} caméras sur l'enregistreur</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../wizard/recording.py" />
            <source>{count} cameras will record this way</source>
            <extracomment>Singular: {count} camera will record this way</extracomment>
            <translation>
                <numerusform>{count} caméra enregistrera ainsi</numerusform>
                <numerusform>{count} caméras enregistreront ainsi</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../wizard/network.py" />
            <source>{count} interfaces</source>
            <extracomment>Singular: {count} interface</extracomment>
            <translation>
                <numerusform>{count} interface</numerusform>
                <numerusform>{count} interfaces</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../wizard/disks.py" />
            <source>{count} volumes added</source>
            <extracomment>Singular: {count} volume added</extracomment>
            <translation>
                <numerusform>{count} volume ajouté</numerusform>
                <numerusform>{count} volumes ajoutés</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../wizard/disks.py" />
            <source>{count} volumes initialised</source>
            <extracomment>Singular: {count} volume initialised</extracomment>
            <translation>
                <numerusform>{count} volume initialisé</numerusform>
                <numerusform>{count} volumes initialisés</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../wizard/disks.py" />
            <source>{count} volumes ready to record</source>
            <extracomment>Singular: {count} volume ready to record</extracomment>
            <translation>
                <numerusform>{count} volume prêt à enregistrer</numerusform>
                <numerusform>{count} volumes prêts à enregistrer</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../wizard/account.py" />
            <source>{language}, saved on the server</source>
            <translation>{language}, enregistrée sur le serveur</translation>
        </message>
        <message>
            <location filename="../wizard/clock.py" />
            <source>{outcome}; clock set to {time}</source>
            <translation>{outcome} ; horloge réglée à {time}</translation>
        </message>
        <message>
            <location filename="../wizard/disks.py" />
            <source>{size} GB</source>
            <translation>{size} Go</translation>
        </message>
        <message>
            <location filename="../wizard/summary.py" />
            <source>{step}: {outcome}</source>
            <translation>{step} : {outcome}</translation>
        </message>
    </context>
    <context>
        <name>StreamBox</name>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source> fps</source>
            <translation> im/s</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source> frames</source>
            <translation> images</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>Apply</source>
            <translation>Appliquer</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>Apply to all ONVIF cameras</source>
            <translation>Appliquer à toutes les caméras ONVIF</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>As the camera reports it; set on the camera itself</source>
            <translation>Tel que la caméra l'indique ; à régler sur la caméra elle-même</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>Audio</source>
            <translation>Audio</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>Bitrate</source>
            <translation>Débit</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>CBR: constant bitrate; VBR: variable, capped at the bitrate</source>
            <translation>CBR : débit constant ; VBR : variable, plafonné au débit</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>Codec</source>
            <translation>Codec</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>Frame rate</source>
            <translation>Fréquence d'images</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>H.264 profile</source>
            <translation>Profil H.264</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>Key frame interval</source>
            <translation>Intervalle d'images clés</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>Rate control</source>
            <translation>Contrôle du débit</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>Recommended for this size and rate: {low}–{high} kbit/s</source>
            <translation>Recommandé pour cette taille et cette fréquence : {low}–{high} kbit/s</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>Resolution</source>
            <translation>Résolution</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>The changed settings, on this stream of every ONVIF camera of the server</source>
            <translation>Les réglages modifiés, sur ce flux de toutes les caméras ONVIF du serveur</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>none</source>
            <translation>aucun</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>not reported by the camera</source>
            <translation>non indiqué par la caméra</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>unknown</source>
            <translation>inconnu</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>{kbps} kbit/s</source>
            <translation>{kbps} kbit/s</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>{khz:g} kHz</source>
            <translation>{khz:g} kHz</translation>
        </message>
    </context>
    <context>
        <name>StreamsTab</name>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>; failed: {list}</source>
            <translation> ; échec : {list}</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>Applied</source>
            <translation>Appliqué</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>Applied to {ok} of {count} cameras</source>
            <translation>Appliqué à {ok} caméras sur {count}</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>Applying to {count} cameras…</source>
            <translation>Application à {count} caméras…</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>Applying… the camera restarts this stream</source>
            <translation>Application… la caméra redémarre ce flux</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>Main stream</source>
            <translation>Flux principal</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>Read again</source>
            <translation>Relire</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>Reading the camera's stream settings…</source>
            <translation>Lecture des réglages de flux de la caméra…</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>Sub stream</source>
            <translation>Flux secondaire</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>The camera reports no stream settings.</source>
            <translation>La caméra n'indique aucun réglage de flux.</translation>
        </message>
        <message>
            <location filename="../views/camera_streams_tab.py" />
            <source>this camera: {error}</source>
            <translation>cette caméra : {error}</translation>
        </message>
    </context>
    <context>
        <name>TagList</name>
        <message>
            <location filename="../views/search/tags.py" />
            <source>By</source>
            <translation>Par</translation>
        </message>
        <message>
            <location filename="../views/search/tags.py" />
            <source>Camera</source>
            <translation>Caméra</translation>
        </message>
        <message>
            <location filename="../views/search/tags.py" />
            <source>Delete</source>
            <translation>Supprimer</translation>
        </message>
        <message>
            <location filename="../views/search/tags.py" />
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <location filename="../views/search/tags.py" />
            <source>Play</source>
            <translation>Lire</translation>
        </message>
        <message>
            <location filename="../views/search/tags.py" />
            <source>Refresh</source>
            <translation>Actualiser</translation>
        </message>
        <message>
            <location filename="../views/search/tags.py" />
            <source>Rename tag</source>
            <translation>Renommer le repère</translation>
        </message>
        <message>
            <location filename="../views/search/tags.py" />
            <source>Rename…</source>
            <translation>Renommer…</translation>
        </message>
        <message>
            <location filename="../views/search/tags.py" />
            <source>Time</source>
            <translation>Heure</translation>
        </message>
    </context>
    <context>
        <name>TimeDisplay</name>
        <message>
            <location filename="../time_display.py" />
            <source>AM</source>
            <translation>AM</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>Apr</source>
            <translation>avr.</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>April</source>
            <translation>avril</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>Aug</source>
            <translation>août</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>August</source>
            <translation>août</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>Dec</source>
            <translation>déc.</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>December</source>
            <translation>décembre</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>Feb</source>
            <translation>févr.</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>February</source>
            <translation>février</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>Fri</source>
            <translation>ven.</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>Friday</source>
            <translation>vendredi</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>Jan</source>
            <translation>janv.</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>January</source>
            <translation>janvier</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>Jul</source>
            <translation>juil.</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>July</source>
            <translation>juillet</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>Jun</source>
            <translation>juin</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>June</source>
            <translation>juin</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>Mar</source>
            <translation>mars</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>March</source>
            <translation>mars</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>May</source>
            <translation>mai</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>Mon</source>
            <translation>lun.</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>Monday</source>
            <translation>lundi</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>Nov</source>
            <translation>nov.</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>November</source>
            <translation>novembre</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>Oct</source>
            <translation>oct.</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>October</source>
            <translation>octobre</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>PM</source>
            <translation>PM</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>Sat</source>
            <translation>sam.</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>Saturday</source>
            <translation>samedi</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>Sep</source>
            <translation>sept.</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>September</source>
            <translation>septembre</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>Sun</source>
            <translation>dim.</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>Sunday</source>
            <translation>dimanche</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>Thu</source>
            <translation>jeu.</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>Thursday</source>
            <translation>jeudi</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>Tue</source>
            <translation>mar.</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>Tuesday</source>
            <translation>mardi</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>Wed</source>
            <translation>mer.</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>Wednesday</source>
            <translation>mercredi</translation>
        </message>
        <message>
            <location filename="../time_display.py" />
            <source>this computer's zone</source>
            <translation>fuseau de cet ordinateur</translation>
        </message>
    </context>
    <context>
        <name>TimeRangeDialog</name>
        <message>
            <location filename="../widgets/week_dialogs.py" />
            <source>Days</source>
            <translation>Jours</translation>
        </message>
        <message>
            <location filename="../widgets/week_dialogs.py" />
            <source>Do not record</source>
            <translation>Ne pas enregistrer</translation>
        </message>
        <message>
            <location filename="../widgets/week_dialogs.py" />
            <source>From</source>
            <translation>De</translation>
        </message>
        <message>
            <location filename="../widgets/week_dialogs.py" />
            <source>Record</source>
            <translation>Enregistrer</translation>
        </message>
        <message>
            <location filename="../widgets/week_dialogs.py" />
            <source>Set hours</source>
            <translation>Définir les heures</translation>
        </message>
        <message>
            <location filename="../widgets/week_dialogs.py" />
            <source>The end must come after the start (00:00 as an end is midnight)</source>
            <translation>La fin doit venir après le début (00:00 comme fin signifie minuit)</translation>
        </message>
        <message>
            <location filename="../widgets/week_dialogs.py" />
            <source>Tick at least one day</source>
            <translation>Cochez au moins un jour</translation>
        </message>
        <message>
            <location filename="../widgets/week_dialogs.py" />
            <source>To</source>
            <translation>À</translation>
        </message>
    </context>
    <context>
        <name>TimeSearch</name>
        <message>
            <location filename="../views/search/by_time.py" />
            <source>At most {count} cameras; the first ones are used</source>
            <translation>{count} caméras au plus ; les premières sont utilisées</translation>
        </message>
        <message>
            <location filename="../views/search/by_time.py" />
            <source>Cameras (up to {count})</source>
            <translation>Caméras (jusqu'à {count})</translation>
        </message>
        <message>
            <location filename="../views/search/by_time.py" />
            <source>Pick cameras, then move the pointer along the timeline</source>
            <translation>Choisissez des caméras, puis déplacez le pointeur le long de la frise</translation>
        </message>
        <message>
            <location filename="../views/search/by_time.py" />
            <source>Thumbnails: {error}</source>
            <translation>Vignettes : {error}</translation>
        </message>
        <message>
            <location filename="../views/search/by_time.py" />
            <source>{time} · {count} cameras · click one to play from here</source>
            <translation>{time} · {count} caméras · cliquez sur l'une d'elles pour la lire à partir d'ici</translation>
        </message>
    </context>
    <context>
        <name>TimeSliceView</name>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source> · {count} not watched for motion</source>
            <translation> · {count} sans détection de mouvement</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>By camera</source>
            <translation>Par caméra</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>By time (every camera)</source>
            <translation>Par heure (toutes les caméras)</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>Camera</source>
            <translation>Caméra</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>Click a thumbnail to preview it; double-click to go down a level</source>
            <translation>Cliquez sur une vignette pour l'aperçu ; double-cliquez pour descendre d'un niveau</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>Day view</source>
            <translation>Vue jour</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>Every camera at {time} · loading…</source>
            <translation>Toutes les caméras à {time} · chargement…</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>Every camera at {time} · {cameras} cameras, {recorded} with recording · double-click one to search it by slices</source>
            <translation>Toutes les caméras à {time} · {cameras} caméras, {recorded} avec enregistrement · double-cliquez sur l'une d'elles pour la rechercher par tranches</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>Hour view</source>
            <translation>Vue heure</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>Minute view</source>
            <translation>Vue minute</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>Month view</source>
            <translation>Vue mois</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>Nothing was recorded in this slice</source>
            <translation>Rien n'a été enregistré dans cette tranche</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>Only slices with motion</source>
            <translation>Seulement les tranches avec mouvement</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>Open in playback</source>
            <translation>Ouvrir en lecture</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>Preview</source>
            <translation>Aperçu</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>Show</source>
            <translation>Afficher</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>Show each slice with motion at its first motion instead of its start</source>
            <translation>Afficher chaque tranche avec mouvement à son premier mouvement plutôt qu'à son début</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>Skip the slices in which the server's motion detection saw nothing</source>
            <translation>Ignorer les tranches où la détection de mouvement du serveur n'a rien vu</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>Thumbnail at first motion</source>
            <translation>Vignette au premier mouvement</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>Time slices: {error}</source>
            <translation>Tranches de temps : {error}</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>Year view</source>
            <translation>Vue année</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>motion</source>
            <translation>mouvement</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>no recording</source>
            <translation>pas d'enregistrement</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>{view} · {title} · loading…</source>
            <translation>{view} · {title} · chargement…</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>{view} · {title} · no slice with motion (motion is only known where the server's motion detection watched this camera)</source>
            <translation>{view} · {title} · aucune tranche avec mouvement (le mouvement n'est connu que là où la détection de mouvement du serveur surveillait cette caméra)</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>{view} · {title} · {moving} slices with motion</source>
            <translation>{view} · {title} · {moving} tranches avec mouvement</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>{view} · {title} · {slices} slices, {recorded} with recording, {moving} with motion</source>
            <translation>{view} · {title} · {slices} tranches, {recorded} avec enregistrement, {moving} avec mouvement</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>{when} · motion not watched</source>
            <translation>{when} · mouvement non surveillé</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>{when} · motion {duration}, first at {first}</source>
            <translation>{when} · mouvement {duration}, premier à {first}</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>{when} · no motion</source>
            <translation>{when} · aucun mouvement</translation>
        </message>
        <message>
            <location filename="../views/search/time_slices.py" />
            <source>▲ Up</source>
            <translation>▲ Remonter</translation>
        </message>
    </context>
    <context>
        <name>Timeline</name>
        <message>
            <location filename="../widgets/timeline.py" />
            <source>Analytics</source>
            <translation>Analyse vidéo</translation>
        </message>
        <message>
            <location filename="../widgets/timeline.py" />
            <source>Manual</source>
            <translation>Manuel</translation>
        </message>
        <message>
            <location filename="../widgets/timeline.py" />
            <source>Motion</source>
            <translation>Mouvement</translation>
        </message>
        <message>
            <location filename="../widgets/timeline.py" />
            <source>Schedule</source>
            <translation>Planning</translation>
        </message>
        <message>
            <location filename="../widgets/timeline.py" />
            <source>Sensor</source>
            <translation>Capteur</translation>
        </message>
    </context>
    <context>
        <name>Toast</name>
        <message>
            <location filename="../alarms/toasts.py" />
            <source>Acknowledge</source>
            <translation>Acquitter</translation>
        </message>
        <message>
            <location filename="../alarms/toasts.py" />
            <source>Show</source>
            <translation>Afficher</translation>
        </message>
        <message>
            <location filename="../alarms/toasts.py" />
            <source>escalated</source>
            <translation>escaladée</translation>
        </message>
        <message>
            <location filename="../alarms/toasts.py" />
            <source>{priority} · {camera} · {time}</source>
            <translation>{priority} · {camera} · {time}</translation>
        </message>
        <message>
            <location filename="../alarms/toasts.py" />
            <source>×{count}</source>
            <translation>×{count}</translation>
        </message>
    </context>
    <context>
        <name>TourDialog</name>
        <message>
            <location filename="../views/tour_dialog.py" />
            <source> s per view</source>
            <translation> s par vue</translation>
        </message>
        <message>
            <location filename="../views/tour_dialog.py" />
            <source>Dwell</source>
            <translation>Durée</translation>
        </message>
        <message>
            <location filename="../views/tour_dialog.py" />
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <location filename="../views/tour_dialog.py" />
            <source>New tour</source>
            <translation>Nouvelle séquence</translation>
        </message>
        <message>
            <location filename="../views/tour_dialog.py" />
            <source>Night rounds</source>
            <translation>Rondes de nuit</translation>
        </message>
        <message>
            <location filename="../views/tour_dialog.py" />
            <source>Shared with every user</source>
            <translation>Partagée avec tous les utilisateurs</translation>
        </message>
        <message>
            <location filename="../views/tour_dialog.py" />
            <source>Views, in the order checked</source>
            <translation>Vues, dans l'ordre de sélection</translation>
        </message>
    </context>
    <context>
        <name>TourPlayer</name>
        <message>
            <location filename="../views/tour_player.py" />
            <source>Tour paused: double-click again to go on</source>
            <translation>Séquence en pause : double-cliquez à nouveau pour continuer</translation>
        </message>
        <message>
            <location filename="../views/tour_player.py" />
            <source>Tour resumed</source>
            <translation>Séquence reprise</translation>
        </message>
        <message>
            <location filename="../views/tour_player.py" />
            <source>Tour started: double-click a tile to pause</source>
            <translation>Séquence démarrée : double-cliquez sur une vignette pour la mettre en pause</translation>
        </message>
        <message>
            <location filename="../views/tour_player.py" />
            <source>Tour “{name}” has no view you may see</source>
            <translation>La séquence « {name} » n'a aucune vue que vous pouvez voir</translation>
        </message>
        <message>
            <location filename="../views/tour_player.py" />
            <source>Tour “{name}” started: double-click a tile to pause</source>
            <translation>Séquence « {name} » démarrée : double-cliquez sur une vignette pour la mettre en pause</translation>
        </message>
        <message>
            <location filename="../views/tour_player.py" />
            <source>Tour “{name}”: none of its views is left</source>
            <translation>Séquence « {name} » : il ne reste aucune de ses vues</translation>
        </message>
    </context>
    <context>
        <name>VideoPopup</name>
        <message>
            <location filename="../alarms/popups.py" />
            <source>Alarm video: {camera}</source>
            <translation>Vidéo d'alarme : {camera}</translation>
        </message>
    </context>
    <context>
        <name>VideoTile</name>
        <message>
            <location filename="../widgets/tile/osd.py" />
            <source>(no output)</source>
            <translation>(aucune sortie)</translation>
        </message>
        <message>
            <location filename="../widgets/tile/osd.py" />
            <source>AUDIO {meter} {level_db} dB</source>
            <translation>AUDIO {meter} {level_db} dB</translation>
        </message>
        <message>
            <location filename="../widgets/tile/alarm_badge.py" />
            <source>Alarm</source>
            <translation>Alarme</translation>
        </message>
        <message>
            <location filename="../widgets/tile/video_tile.py" />
            <source>Drop a camera here</source>
            <translation>Déposez une caméra ici</translation>
        </message>
        <message>
            <location filename="../widgets/tile/osd.py" />
            <source>MAIN</source>
            <translation>PRINC.</translation>
        </message>
        <message>
            <location filename="../widgets/tile/motion_badge.py" />
            <source>Motion</source>
            <translation>Mouvement</translation>
        </message>
        <message>
            <location filename="../widgets/tile/video_tile.py" />
            <source>No signal</source>
            <translation>Pas de signal</translation>
        </message>
        <message>
            <location filename="../widgets/tile/osd.py" />
            <source>PTZ</source>
            <translation>PTZ</translation>
        </message>
        <message>
            <location filename="../widgets/tile/osd.py" />
            <source>SUB</source>
            <translation>SEC.</translation>
        </message>
        <message>
            <location filename="../widgets/tile/video_tile.py" />
            <source>{group}: {camera}</source>
            <translation>{group} : {camera}</translation>
        </message>
    </context>
    <context>
        <name>WeekEditor</name>
        <message>
            <location filename="../widgets/week_editor.py" />
            <source>All</source>
            <translation>Tout</translation>
        </message>
        <message>
            <location filename="../widgets/week_editor.py" />
            <source>All of {day}</source>
            <translation>Tout le {day}</translation>
        </message>
        <message>
            <location filename="../widgets/week_editor.py" />
            <source>Clear</source>
            <translation>Effacer</translation>
        </message>
        <message>
            <location filename="../widgets/week_editor.py" />
            <source>Clear {day}</source>
            <translation>Effacer le {day}</translation>
        </message>
        <message>
            <location filename="../widgets/week_editor.py" />
            <source>Copy day…</source>
            <translation>Copier le jour…</translation>
        </message>
        <message>
            <location filename="../widgets/week_editor.py" />
            <source>Copy {day} to…</source>
            <translation>Copier le {day} vers…</translation>
        </message>
        <message>
            <location filename="../widgets/week_editor.py" />
            <source>Enter a start and an end to the minute</source>
            <translation>Saisissez un début et une fin à la minute près</translation>
        </message>
        <message>
            <location filename="../widgets/week_editor.py" />
            <source>Invert</source>
            <translation>Inverser</translation>
        </message>
        <message>
            <location filename="../widgets/week_editor.py" />
            <source>Invert {day}</source>
            <translation>Inverser le {day}</translation>
        </message>
        <message>
            <location filename="../widgets/week_editor.py" />
            <source>Presets</source>
            <translation>Modèles</translation>
        </message>
        <message>
            <location filename="../widgets/week_editor.py" />
            <source>Record all week</source>
            <translation>Enregistrer toute la semaine</translation>
        </message>
        <message>
            <location filename="../widgets/week_editor.py" />
            <source>Record nothing all week</source>
            <translation>N'enregistrer rien de la semaine</translation>
        </message>
        <message>
            <location filename="../widgets/week_editor.py" />
            <source>Set hours of {day}…</source>
            <translation>Définir les heures du {day}…</translation>
        </message>
        <message>
            <location filename="../widgets/week_editor.py" />
            <source>Set hours…</source>
            <translation>Définir les heures…</translation>
        </message>
        <message>
            <location filename="../widgets/week_editor.py" />
            <source>Swap the hours recorded and not recorded</source>
            <translation>Permuter les heures enregistrées et non enregistrées</translation>
        </message>
    </context>
    <context>
        <name>WeekGrid</name>
        <message>
            <location filename="../widgets/week_grid.py" />
            <source>Friday</source>
            <translation>vendredi</translation>
        </message>
        <message>
            <location filename="../widgets/week_grid.py" />
            <source>Monday</source>
            <translation>lundi</translation>
        </message>
        <message>
            <location filename="../widgets/week_grid.py" />
            <source>Saturday</source>
            <translation>samedi</translation>
        </message>
        <message>
            <location filename="../widgets/week_grid.py" />
            <source>Sunday</source>
            <translation>dimanche</translation>
        </message>
        <message>
            <location filename="../widgets/week_grid.py" />
            <source>Thursday</source>
            <translation>jeudi</translation>
        </message>
        <message>
            <location filename="../widgets/week_grid.py" />
            <source>Tuesday</source>
            <translation>mardi</translation>
        </message>
        <message>
            <location filename="../widgets/week_grid.py" />
            <source>Wednesday</source>
            <translation>mercredi</translation>
        </message>
        <message>
            <location filename="../widgets/week_grid.py" />
            <source>Week schedule</source>
            <translation>Planning hebdomadaire</translation>
        </message>
        <message>
            <location filename="../widgets/week_grid.py" />
            <source>off</source>
            <translation>non</translation>
        </message>
        <message>
            <location filename="../widgets/week_grid.py" />
            <source>on</source>
            <translation>oui</translation>
        </message>
        <message>
            <location filename="../widgets/week_grid.py" />
            <source>on {ranges}</source>
            <translation>oui {ranges}</translation>
        </message>
        <message>
            <location filename="../widgets/week_grid.py" />
            <source>{label} (editing)</source>
            <translation>{label} (en modification)</translation>
        </message>
    </context>
    <context>
        <name>alarm_admin</name>
        <message>
            <location filename="../alarm_admin/notify_dialogs.py" />
            <source> mails an hour, then a digest</source>
            <translation> courriels par heure, puis un récapitulatif</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <location filename="../alarm_admin/notify_dialogs.py" />
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>(always)</source>
            <translation>(toujours)</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>(choose)</source>
            <translation>(choisir)</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <location filename="../alarm_admin/stats_page.py" />
            <source>(none)</source>
            <translation>(aucun)</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_words.py" />
            <source>1 — high</source>
            <translation>1 — haute</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_words.py" />
            <source>2 — medium</source>
            <translation>2 — moyenne</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_words.py" />
            <source>3 — low</source>
            <translation>3 — basse</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rules_page.py" />
            <source>A built-in rule cannot be deleted: disable it</source>
            <translation>Une règle intégrée ne peut pas être supprimée : désactivez-la</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>A one-second pulse</source>
            <translation>Une impulsion d'une seconde</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>About</source>
            <translation>Objet</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Accepted by the mail server: {reply}</source>
            <translation>Accepté par le serveur de messagerie : {reply}</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>Acknowledge: 90 %</source>
            <translation>Acquittement : 90 %</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>Acknowledge: median</source>
            <translation>Acquittement : médiane</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Actions</source>
            <translation>Actions</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Add</source>
            <translation>Ajouter</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>Add Modbus box…</source>
            <translation>Ajouter un boîtier Modbus…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>Add camera relays…</source>
            <translation>Ajouter les relais d'une caméra…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>Add virtual…</source>
            <translation>Ajouter un virtuel…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>Adding the device…</source>
            <translation>Ajout du périphérique…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <location filename="../alarm_admin/notify_dialogs.py" />
            <location filename="../alarm_admin/notify_page.py" />
            <source>Address</source>
            <translation>Adresse</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <source>Address of input 0</source>
            <translation>Adresse de l'entrée 0</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <source>Address of output 0</source>
            <translation>Adresse de la sortie 0</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Address to send a test mail to</source>
            <translation>Adresse à laquelle envoyer un courriel de test</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Add…</source>
            <translation>Ajouter…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Alarm</source>
            <translation>Alarme</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>Alarm report</source>
            <translation>Rapport d'alarme</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>Alarm report:</source>
            <translation>Rapport d'alarme :</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>Alarms</source>
            <translation>Alarmes</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>Alarms per day by category</source>
            <translation>Alarmes par jour et par catégorie</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>Alarms per day by priority</source>
            <translation>Alarmes par jour et par priorité</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>All alarms</source>
            <translation>Toutes les alarmes</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <source>Allowed by schedule</source>
            <translation>Autorisé par planning</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Analytics, sensor and motion events fire the rule once they have lasted this long</source>
            <translation>Les événements d'analyse vidéo, de capteur et de mouvement déclenchent la règle après avoir duré ce temps</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Any camera</source>
            <translation>Toutes les caméras</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Any input</source>
            <translation>Toute entrée</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rules_page.py" />
            <source>Armed</source>
            <translation>Armée</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Armed by schedule</source>
            <translation>Armée par planning</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>Asking the camera for its relays…</source>
            <translation>Interrogation de la caméra sur ses relais…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_dialogs.py" />
            <source>At most</source>
            <translation>Au plus</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>At most once per source every</source>
            <translation>Au plus une fois par source toutes les</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_dialogs.py" />
            <source>Attach a snapshot of the alarm's camera</source>
            <translation>Joindre un instantané de la caméra de l'alarme</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Attempts</source>
            <translation>Tentatives</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Built in ({kind}): it can be edited and disabled, not deleted.</source>
            <translation>Intégrée ({kind}) : elle peut être modifiée et désactivée, pas supprimée.</translation>
        </message>
        <message>
            <location filename="../alarm_admin/durations_tab.py" />
            <source>Buzzer sounds for</source>
            <translation>Le buzzer sonne pendant</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <location filename="../alarm_admin/io_page.py" />
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Camera</source>
            <translation>Caméra</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_words.py" />
            <source>Camera analytics</source>
            <translation>Analyse vidéo de la caméra</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <source>Camera relays</source>
            <translation>Relais de caméra</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Category</source>
            <translation>Catégorie</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>Chart</source>
            <translation>Graphique</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Close by itself when the cause clears</source>
            <translation>Se clôturer d'elle-même quand la cause disparaît</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>Close: 90 %</source>
            <translation>Clôture : 90 %</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>Close: median</source>
            <translation>Clôture : médiane</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <source>Contact</source>
            <translation>Contact</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>Could not write {path}: {error}</source>
            <translation>Impossible d'écrire {path} : {error}</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <source>Debounce</source>
            <translation>Anti-rebond</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rules_page.py" />
            <source>Delete rule</source>
            <translation>Supprimer la règle</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rules_page.py" />
            <source>Delete the rule “{name}”? Its alarms stay.</source>
            <translation>Supprimer la règle « {name} » ? Ses alarmes sont conservées.</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rules_page.py" />
            <source>Delete…</source>
            <translation>Supprimer…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rules_page.py" />
            <source>Deleting the rule…</source>
            <translation>Suppression de la règle…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Delivered: the receiver answered {status}</source>
            <translation>Remis : le destinataire a répondu {status}</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Deliveries</source>
            <translation>Envois</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>Device</source>
            <translation>Périphérique</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>Device “{name}” added</source>
            <translation>Périphérique « {name} » ajouté</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>Device “{name}” removed</source>
            <translation>Périphérique « {name} » retiré</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>Device “{name}” saved</source>
            <translation>Périphérique « {name} » enregistré</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <location filename="../alarm_admin/notify_page.py" />
            <location filename="../alarm_admin/rules_page.py" />
            <source>Disable</source>
            <translation>Désactiver</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rules_page.py" />
            <source>Does</source>
            <translation>Actions</translation>
        </message>
        <message>
            <location filename="../alarm_admin/durations_tab.py" />
            <source>Durations saved</source>
            <translation>Durées enregistrées</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>E-mail (none ticked: every recipient)</source>
            <translation>Courriel (aucun coché : tous les destinataires)</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_dialogs.py" />
            <source>E-mail recipient</source>
            <translation>Destinataire de courriel</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>E-mail server</source>
            <translation>Serveur de messagerie</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>E-mail server saved</source>
            <translation>Serveur de messagerie enregistré</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <source>Edit I/O box</source>
            <translation>Modifier le boîtier d'E/S</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>Edit point…</source>
            <translation>Modifier le point…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <location filename="../alarm_admin/notify_page.py" />
            <location filename="../alarm_admin/rules_page.py" />
            <source>Edit…</source>
            <translation>Modifier…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <source>Empty: named after its address</source>
            <translation>Vide : nommé d'après son adresse</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <source>Empty: named after the camera</source>
            <translation>Vide : nommé d'après la caméra</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <location filename="../alarm_admin/notify_page.py" />
            <location filename="../alarm_admin/rules_page.py" />
            <source>Enable</source>
            <translation>Activer</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Enabled</source>
            <translation>Activée</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Escalate when nobody reacts within</source>
            <translation>Escalader si personne ne réagit dans un délai de</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rules_page.py" />
            <source>Events</source>
            <translation>Événements</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Events and sources</source>
            <translation>Événements et sources</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_words.py" />
            <source>Exception</source>
            <translation>Anomalie</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>Export CSV…</source>
            <translation>Exporter en CSV…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>Export alarm statistics</source>
            <translation>Exporter les statistiques d'alarmes</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>From</source>
            <translation>Du</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>Group</source>
            <translation>Groupe</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <source>Host</source>
            <translation>Hôte</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <source>Host name or IP address</source>
            <translation>Nom d'hôte ou adresse IP</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>I/O devices</source>
            <translation>Périphériques d'E/S</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <source>Input {name}</source>
            <translation>Entrée {name}</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <source>Inputs</source>
            <translation>Entrées</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>Inputs and outputs</source>
            <translation>Entrées et sorties</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Instructions</source>
            <translation>Consignes</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>Last 30 days</source>
            <translation>30 derniers jours</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>Last 7 days</source>
            <translation>7 derniers jours</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Last error</source>
            <translation>Dernière erreur</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_dialogs.py" />
            <source>Mail during schedule</source>
            <translation>Courriel pendant le planning</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_words.py" />
            <source>Manual alarm</source>
            <translation>Alarme manuelle</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <source>Manual: stays on until switched off</source>
            <translation>Manuel : reste activée jusqu'à sa désactivation</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Message popup</source>
            <translation>Message contextuel</translation>
        </message>
        <message>
            <location filename="../alarm_admin/durations_tab.py" />
            <source>Message popup shown for</source>
            <translation>Message contextuel affiché pendant</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <source>Modbus TCP I/O box</source>
            <translation>Boîtier d'E/S Modbus TCP</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>Modbus {host}:{port} unit {unit}, {i} in / {o} out</source>
            <translation>Modbus {host}:{port} unité {unit}, {i} entrées / {o} sorties</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Mode</source>
            <translation>Mode</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_words.py" />
            <source>Motion</source>
            <translation>Mouvement</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <location filename="../alarm_admin/io_page.py" />
            <location filename="../alarm_admin/rule_dialog.py" />
            <location filename="../alarm_admin/rules_page.py" />
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>New rule</source>
            <translation>Nouvelle règle</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rules_page.py" />
            <source>New rule…</source>
            <translation>Nouvelle règle…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>No alarms in this period</source>
            <translation>Aucune alarme sur cette période</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <source>No camera was added over ONVIF.</source>
            <translation>Aucune caméra n'a été ajoutée par ONVIF.</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>No report: {error}</source>
            <translation>Pas de rapport : {error}</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>None (plain, no login)</source>
            <translation>Aucune (en clair, sans identification)</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <source>Normally closed (active when open)</source>
            <translation>Normalement fermé (actif quand ouvert)</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <source>Normally open (active when closed)</source>
            <translation>Normalement ouvert (actif quand fermé)</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Not delivered: the receiver answered {status} {error}</source>
            <translation>Non remis : le destinataire a répondu {status} {error}</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Not delivered: {error}</source>
            <translation>Non remis : {error}</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Not sent: {error}</source>
            <translation>Non envoyé : {error}</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>Nothing changed</source>
            <translation>Rien n'a changé</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>ONVIF relays of camera {camera}, {o} out</source>
            <translation>Relais ONVIF de la caméra {camera}, {o} sorties</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>Off</source>
            <translation>Désactivé</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <location filename="../alarm_admin/rules_page.py" />
            <source>On</source>
            <translation>Activé</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Only in motion areas</source>
            <translation>Seulement dans les zones de mouvement</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Only once the event has lasted</source>
            <translation>Seulement après une durée de l'événement de</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Only with event items</source>
            <translation>Seulement avec les éléments d'événement</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>Operator {name}</source>
            <translation>Opérateur {name}</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Output</source>
            <translation>Sortie</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <source>Output {name}</source>
            <translation>Sortie {name}</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>Output:</source>
            <translation>Sortie :</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Outputs</source>
            <translation>Sorties</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_words.py" />
            <source>PTZ preset</source>
            <translation>Préréglage PTZ</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>PTZ preset {n}</source>
            <translation>Préréglage PTZ {n}</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>PTZ presets</source>
            <translation>Préréglages PTZ</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Password</source>
            <translation>Mot de passe</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Per hour</source>
            <translation>Par heure</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>Point</source>
            <translation>Point</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Popups and buzzer</source>
            <translation>Fenêtres contextuelles et buzzer</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <location filename="../alarm_admin/notify_page.py" />
            <source>Port</source>
            <translation>Port</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Posting a test message…</source>
            <translation>Envoi d'un message de test…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Preset</source>
            <translation>Préréglage</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>Print report…</source>
            <translation>Imprimer le rapport…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Priority</source>
            <translation>Priorité</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>Priority 1 (high)</source>
            <translation>Priorité 1 (haute)</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>Priority 2 (medium)</source>
            <translation>Priorité 2 (moyenne)</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>Priority 3 (low)</source>
            <translation>Priorité 3 (basse)</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Pulse</source>
            <translation>Impulsion</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <source>Pulse time</source>
            <translation>Durée d'impulsion</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Queued</source>
            <translation>Mis en file</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Queued again</source>
            <translation>Remis en file</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Raise an alarm</source>
            <translation>Déclencher une alarme</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>Reading the I/O devices…</source>
            <translation>Lecture des périphériques d'E/S…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Reading the deliveries…</source>
            <translation>Lecture des envois…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/durations_tab.py" />
            <source>Reading the durations…</source>
            <translation>Lecture des durées…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Reading the notification settings…</source>
            <translation>Lecture des paramètres de notification…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Reading the rule again…</source>
            <translation>Relecture de la règle…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rules_page.py" />
            <source>Reading the rules…</source>
            <translation>Lecture des règles…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>Reading the statistics…</source>
            <translation>Lecture des statistiques…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Recipient removed</source>
            <translation>Destinataire retiré</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Recipient {address} saved</source>
            <translation>Destinataire {address} enregistré</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Recipients</source>
            <translation>Destinataires</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Record cameras</source>
            <translation>Enregistrer les caméras</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <location filename="../alarm_admin/notify_page.py" />
            <location filename="../alarm_admin/rules_page.py" />
            <source>Refresh</source>
            <translation>Actualiser</translation>
        </message>
        <message>
            <location filename="../alarm_admin/page.py" />
            <location filename="../alarm_admin/rules_page.py" />
            <source>Refused: {reason}</source>
            <translation>Refusé : {reason}</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Related cameras</source>
            <translation>Caméras associées</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Remove</source>
            <translation>Retirer</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>Remove I/O device</source>
            <translation>Retirer le périphérique d'E/S</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Remove the recipient {address}? Mail waiting for it is dropped.</source>
            <translation>Retirer le destinataire {address} ? Les courriels en attente pour lui sont abandonnés.</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Remove the stored password</source>
            <translation>Effacer le mot de passe enregistré</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Remove the webhook {url}?</source>
            <translation>Retirer le webhook {url} ?</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>Remove “{name}” and its {count} inputs and outputs? Rules that use them stop working.</source>
            <translation>Retirer « {name} » et ses {count} entrées et sorties ? Les règles qui les utilisent cesseront de fonctionner.</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <location filename="../alarm_admin/notify_page.py" />
            <source>Remove…</source>
            <translation>Retirer…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>Removing the device…</source>
            <translation>Retrait du périphérique…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Repeats notify again after</source>
            <translation>Les répétitions notifient de nouveau après</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>Report as PDF…</source>
            <translation>Rapport en PDF…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>Report of alarm {id} printed</source>
            <translation>Rapport de l'alarme {id} imprimé</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>Report written to {path}</source>
            <translation>Rapport écrit dans {path}</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Retry</source>
            <translation>Réessayer</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Rule {name}</source>
            <translation>Règle {name}</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rules_page.py" />
            <source>Rule “{name}” deleted</source>
            <translation>Règle « {name} » supprimée</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rules_page.py" />
            <source>Rule “{name}” saved</source>
            <translation>Règle « {name} » enregistrée</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rules_page.py" />
            <source>Rule “{name}” {word}</source>
            <translation>Règle « {name} » {word}</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>SMTP server</source>
            <translation>Serveur SMTP</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>SSL/TLS</source>
            <translation>SSL/TLS</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>STARTTLS</source>
            <translation>STARTTLS</translation>
        </message>
        <message>
            <location filename="../alarm_admin/durations_tab.py" />
            <location filename="../alarm_admin/notify_page.py" />
            <source>Save</source>
            <translation>Enregistrer</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Saved</source>
            <translation>Enregistré</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>Saving the device…</source>
            <translation>Enregistrement du périphérique…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>Saving the point…</source>
            <translation>Enregistrement du point…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/durations_tab.py" />
            <location filename="../alarm_admin/notify_page.py" />
            <location filename="../alarm_admin/rule_dialog.py" />
            <location filename="../alarm_admin/rules_page.py" />
            <source>Saving…</source>
            <translation>Enregistrement…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <location filename="../alarm_admin/notify_page.py" />
            <source>Schedule</source>
            <translation>Planning</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_dialogs.py" />
            <location filename="../alarm_admin/notify_page.py" />
            <source>Secret</source>
            <translation>Secret</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Security</source>
            <translation>Sécurité</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Send test</source>
            <translation>Envoyer un test</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Send test mail</source>
            <translation>Envoyer un courriel de test</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Sender</source>
            <translation>Expéditeur</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Sending a test mail to {address}…</source>
            <translation>Envoi d'un courriel de test à {address}…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_words.py" />
            <source>Sensor input</source>
            <translation>Entrée capteur</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>Settings</source>
            <translation>Paramètres</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>Show</source>
            <translation>Afficher</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Snapshot</source>
            <translation>Instantané</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Snapshot cameras</source>
            <translation>Instantanés des caméras</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Someone changed this rule meanwhile (now version {version}): it was read again. Make your change again and save.</source>
            <translation>Quelqu'un a modifié cette règle entre-temps (version {version}) : elle a été relue. Refaites votre modification et enregistrez.</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Sound the buzzer on consoles for</source>
            <translation>Faire sonner le buzzer des consoles pendant</translation>
        </message>
        <message>
            <location filename="../alarm_admin/durations_tab.py" />
            <source>Sounding the buzzer…</source>
            <translation>Déclenchement du buzzer…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/durations_tab.py" />
            <source>Sounds the buzzer on every console for the saved time</source>
            <translation>Fait sonner le buzzer sur toutes les consoles pendant la durée enregistrée</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Sources</source>
            <translation>Sources</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <location filename="../alarm_admin/notify_page.py" />
            <source>State</source>
            <translation>État</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>Switching the output…</source>
            <translation>Commutation de la sortie…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <location filename="../alarm_admin/notify_page.py" />
            <source>Test</source>
            <translation>Test</translation>
        </message>
        <message>
            <location filename="../alarm_admin/durations_tab.py" />
            <source>Test buzzer</source>
            <translation>Tester le buzzer</translation>
        </message>
        <message>
            <location filename="../alarm_admin/durations_tab.py" />
            <source>The buzzer sounds on every console for {seconds:g} s</source>
            <translation>Le buzzer sonne sur toutes les consoles pendant {seconds:g} s</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>The period ends before it starts.</source>
            <translation>La période se termine avant de commencer.</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <source>The server asks the camera for its relay outputs; its inputs come as its events.</source>
            <translation>Le serveur demande à la caméra ses sorties relais ; ses entrées arrivent sous forme d'événements.</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>Time to acknowledge and to close</source>
            <translation>Délai d'acquittement et de clôture</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>To</source>
            <translation>Destinataire</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Type the address to send the test mail to.</source>
            <translation>Saisissez l'adresse à laquelle envoyer le courriel de test.</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_dialogs.py" />
            <location filename="../alarm_admin/notify_page.py" />
            <source>URL</source>
            <translation>URL</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <source>Unit id</source>
            <translation>N° d'unité</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>User</source>
            <translation>Utilisateur</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Video popup of</source>
            <translation>Vidéo contextuelle de</translation>
        </message>
        <message>
            <location filename="../alarm_admin/durations_tab.py" />
            <source>Video popup shown for</source>
            <translation>Vidéo contextuelle affichée pendant</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_dialogs.py" />
            <source>Virtual I/O device</source>
            <translation>Périphérique d'E/S virtuel</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>Webhook (none ticked: every endpoint)</source>
            <translation>Webhook (aucun coché : tous les points de terminaison)</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_dialogs.py" />
            <source>Webhook endpoint</source>
            <translation>Point de terminaison webhook</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Webhook removed</source>
            <translation>Webhook retiré</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Webhook saved</source>
            <translation>Webhook enregistré</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>Webhooks</source>
            <translation>Webhooks</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>What the operator should do</source>
            <translation>Ce que l'opérateur doit faire</translation>
        </message>
        <message>
            <location filename="../alarm_admin/page.py" />
            <source>Working…</source>
            <translation>En cours…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>Writing the report of alarm {id}…</source>
            <translation>Écriture du rapport de l'alarme {id}…</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>Written to {path}</source>
            <translation>Écrit dans {path}</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>active</source>
            <translation>active</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>alarm </source>
            <translation>alarme </translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_words.py" />
            <source>alarm P{priority}</source>
            <translation>alarme P{priority}</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <location filename="../alarm_admin/notify_page.py" />
            <location filename="../alarm_admin/rules_page.py" />
            <source>always</source>
            <translation>toujours</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>any subtype; or some of: {known}</source>
            <translation>tout sous-type ; ou certains parmi : {known}</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>any; or motion area names, separated by commas</source>
            <translation>toutes ; ou des noms de zones de mouvement, séparés par des virgules</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>any; or names, separated by commas</source>
            <translation>tous ; ou des noms, séparés par des virgules</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>at once</source>
            <translation>immédiatement</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <location filename="../alarm_admin/rule_words.py" />
            <source>buzzer</source>
            <translation>buzzer</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>definition.events: event items are Name=value, not {item!r}</source>
            <translation>definition.events : les éléments d'événement s'écrivent Nom=valeur, pas {item!r}</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <location filename="../alarm_admin/notify_page.py" />
            <location filename="../alarm_admin/rules_page.py" />
            <source>disabled</source>
            <translation>désactivée</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>disabled: {reason}</source>
            <translation>désactivé : {reason}</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <location filename="../alarm_admin/rule_words.py" />
            <source>e-mail</source>
            <translation>courriel</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <location filename="../alarm_admin/rules_page.py" />
            <source>enabled</source>
            <translation>activée</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>every event</source>
            <translation>chaque événement</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>failed</source>
            <translation>échec</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>for</source>
            <translation>pendant</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>idle</source>
            <translation>au repos</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>in a digest</source>
            <translation>dans un récapitulatif</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>in {n}</source>
            <translation>entrée {n}</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>mail.example.com</source>
            <translation>mail.example.com</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>manual</source>
            <translation>manuel</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <location filename="../alarm_admin/rule_words.py" />
            <source>message popup</source>
            <translation>message contextuel</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>never</source>
            <translation>jamais</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <location filename="../alarm_admin/rules_page.py" />
            <source>no</source>
            <translation>non</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>none; or Name=value pairs, e.g. Direction=in</source>
            <translation>aucun ; ou des paires Nom=valeur, p. ex. Direction=in</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>not set</source>
            <translation>non défini</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_words.py" />
            <source>nothing</source>
            <translation>rien</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>off</source>
            <translation>désactivé</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>offline</source>
            <translation>hors ligne</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>offline: {reason}</source>
            <translation>hors ligne : {reason}</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>on</source>
            <translation>activé</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>on (pulse)</source>
            <translation>activée (impulsion)</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>online</source>
            <translation>en ligne</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>out {n}</source>
            <translation>sortie {n}</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_words.py" />
            <source>output</source>
            <translation>sortie</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>output {n}</source>
            <translation>sortie {n}</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>own time</source>
            <translation>durée propre</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>pending</source>
            <translation>en attente</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>per day by category</source>
            <translation>par jour et par catégorie</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>per day by priority</source>
            <translation>par jour et par priorité</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>pulse</source>
            <translation>impulsion</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>pulse {s:g} s</source>
            <translation>impulsion {s:g} s</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_words.py" />
            <source>record</source>
            <translation>enregistrement</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>sent</source>
            <translation>envoyé</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>server setting</source>
            <translation>réglage du serveur</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>set</source>
            <translation>défini</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_dialogs.py" />
            <location filename="../alarm_admin/notify_page.py" />
            <source>set — type a new one to replace it</source>
            <translation>défini — saisissez-en un nouveau pour le remplacer</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_words.py" />
            <source>snapshot</source>
            <translation>instantané</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>starting</source>
            <translation>démarrage</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>suppressed</source>
            <translation>supprimé</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <source>the event's camera</source>
            <translation>la caméra de l'événement</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>to</source>
            <translation>au</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>unknown</source>
            <translation>inconnu</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <location filename="../alarm_admin/rule_words.py" />
            <source>video popup</source>
            <translation>vidéo contextuelle</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>virtual, {i} in / {o} out</source>
            <translation>virtuel, {i} entrées / {o} sorties</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rule_dialog.py" />
            <location filename="../alarm_admin/rule_words.py" />
            <source>webhook</source>
            <translation>webhook</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_dialogs.py" />
            <source>whsec_… (Standard Webhooks signing secret)</source>
            <translation>whsec_… (secret de signature Standard Webhooks)</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <location filename="../alarm_admin/rules_page.py" />
            <source>yes</source>
            <translation>oui</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>{ack} acknowledged, {closed} closed</source>
            <translation>{ack} acquittées, {closed} clôturées</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>{contact}, debounce {ms} ms</source>
            <translation>{contact}, anti-rebond {ms} ms</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>{count} I/O devices</source>
            <translation>{count} périphériques d'E/S</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>{count} alarms raised in the period</source>
            <translation>{count} alarmes déclenchées sur la période</translation>
        </message>
        <message>
            <location filename="../alarm_admin/notify_page.py" />
            <source>{count} deliveries</source>
            <translation>{count} envois</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rules_page.py" />
            <source>{count} rules</source>
            <translation>{count} règles</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>{done}; the list could not be read again: {error}</source>
            <translation>{done} ; impossible de relire la liste : {error}</translation>
        </message>
        <message>
            <location filename="../alarm_admin/rules_page.py" />
            <source>{name} (built in)</source>
            <translation>{name} (intégrée)</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>{settings}, disabled</source>
            <translation>{settings}, désactivée</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>{state}, disarmed</source>
            <translation>{state}, désarmée</translation>
        </message>
        <message>
            <location filename="../alarm_admin/stats_page.py" />
            <source>{text} (the newest {count} counted per day)</source>
            <translation>{text} (les {count} plus récentes comptées par jour)</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>“{name}” is off</source>
            <translation>« {name} » est désactivée</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>“{name}” is on</source>
            <translation>« {name} » est activée</translation>
        </message>
        <message>
            <location filename="../alarm_admin/io_page.py" />
            <source>“{name}” saved</source>
            <translation>« {name} » enregistré</translation>
        </message>
    </context>
    <context>
        <name>alarm_report</name>
        <message>
            <location filename="../alarm_admin/report.py" />
            <source>1 (high)</source>
            <translation>1 (haute)</translation>
        </message>
        <message>
            <location filename="../alarm_admin/report.py" />
            <source>2 (medium)</source>
            <translation>2 (moyenne)</translation>
        </message>
        <message>
            <location filename="../alarm_admin/report.py" />
            <source>3 (low)</source>
            <translation>3 (basse)</translation>
        </message>
        <message>
            <location filename="../alarm_admin/report.py" />
            <source>Acknowledged</source>
            <translation>Acquittée</translation>
        </message>
        <message>
            <location filename="../alarm_admin/report.py" />
            <source>Alarm {id}: {title}</source>
            <translation>Alarme {id} : {title}</translation>
        </message>
        <message>
            <location filename="../alarm_admin/report.py" />
            <source>Cameras</source>
            <translation>Caméras</translation>
        </message>
        <message>
            <location filename="../alarm_admin/report.py" />
            <source>Category</source>
            <translation>Catégorie</translation>
        </message>
        <message>
            <location filename="../alarm_admin/report.py" />
            <source>Closed</source>
            <translation>Clôturée</translation>
        </message>
        <message>
            <location filename="../alarm_admin/report.py" />
            <source>Details</source>
            <translation>Détails</translation>
        </message>
        <message>
            <location filename="../alarm_admin/report.py" />
            <source>First triggered</source>
            <translation>Premier déclenchement</translation>
        </message>
        <message>
            <location filename="../alarm_admin/report.py" />
            <source>History</source>
            <translation>Historique</translation>
        </message>
        <message>
            <location filename="../alarm_admin/report.py" />
            <source>Instructions</source>
            <translation>Consignes</translation>
        </message>
        <message>
            <location filename="../alarm_admin/report.py" />
            <source>Last triggered</source>
            <translation>Dernier déclenchement</translation>
        </message>
        <message>
            <location filename="../alarm_admin/report.py" />
            <source>Owner</source>
            <translation>Responsable</translation>
        </message>
        <message>
            <location filename="../alarm_admin/report.py" />
            <source>Priority</source>
            <translation>Priorité</translation>
        </message>
        <message>
            <location filename="../alarm_admin/report.py" />
            <source>Resolution</source>
            <translation>Qualification</translation>
        </message>
        <message>
            <location filename="../alarm_admin/report.py" />
            <source>Rule</source>
            <translation>Règle</translation>
        </message>
        <message>
            <location filename="../alarm_admin/report.py" />
            <source>Snapshot</source>
            <translation>Instantané</translation>
        </message>
        <message>
            <location filename="../alarm_admin/report.py" />
            <source>State</source>
            <translation>État</translation>
        </message>
        <message>
            <location filename="../alarm_admin/report.py" />
            <source>Times in {zone}</source>
            <translation>Heures en {zone}</translation>
        </message>
        <message>
            <location filename="../alarm_admin/report.py" />
            <source>Times triggered</source>
            <translation>Nombre de déclenchements</translation>
        </message>
        <message>
            <location filename="../alarm_admin/report.py" />
            <source>What</source>
            <translation>Quoi</translation>
        </message>
        <message>
            <location filename="../alarm_admin/report.py" />
            <source>When</source>
            <translation>Quand</translation>
        </message>
        <message>
            <location filename="../alarm_admin/report.py" />
            <source>Who</source>
            <translation>Qui</translation>
        </message>
        <message>
            <location filename="../alarm_admin/report.py" />
            <source>nobody</source>
            <translation>personne</translation>
        </message>
        <message>
            <location filename="../alarm_admin/report.py" />
            <source>none (server-wide)</source>
            <translation>aucune (tout le serveur)</translation>
        </message>
    </context>
    <context>
        <name>errors</name>
        <message>
            <location filename="../error_words.py" />
            <source>A camera named “{name}” already exists.</source>
            <translation>Une caméra nommée « {name} » existe déjà.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>A permission group named “{name}” already exists.</source>
            <translation>Un groupe de droits nommé « {name} » existe déjà.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>A tour named “{name}” already exists.</source>
            <translation>Une séquence nommée « {name} » existe déjà.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>A user named “{name}” already exists.</source>
            <translation>Un utilisateur nommé « {name} » existe déjà.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>A view named “{name}” already exists.</source>
            <translation>Une vue nommée « {name} » existe déjà.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>A {fmt} file cannot hold {codec} video: export as MP4 or MKV.</source>
            <translation>Un fichier {fmt} ne peut pas contenir de vidéo {codec} : exportez en MP4 ou MKV.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>Another upgrade is under way: wait for it to end.</source>
            <translation>Une autre mise à jour est en cours : attendez qu'elle se termine.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>At most {max} characters, not {length}.</source>
            <translation>{max} caractères au plus, pas {length}.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>Camera {camera_id} has no PTZ control.</source>
            <translation>La caméra {camera_id} n'a pas de commande PTZ.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>Camera {camera_id} has no sub stream.</source>
            <translation>La caméra {camera_id} n'a pas de flux secondaire.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>Camera {camera_id} is disabled: it has no live picture.</source>
            <translation>La caméra {camera_id} est désactivée : elle n'a pas d'image en direct.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>Camera {id} does not exist (any more).</source>
            <translation>La caméra {id} n'existe pas (ou plus).</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>Disk group {id} does not exist (any more).</source>
            <translation>Le groupe de disques {id} n'existe pas (ou plus).</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>Enter a name of 1 to {max} characters.</source>
            <translation>Saisissez un nom de 1 à {max} caractères.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>Not enough room on the server's disk for the bundle ({free_bytes} bytes free).</source>
            <translation>Pas assez de place sur le disque du serveur pour le paquet de mise à jour ({free_bytes} octets libres).</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>Nothing was recorded in that period.</source>
            <translation>Rien n'a été enregistré sur cette période.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>PTZ</source>
            <translation>PTZ</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>Permission group {id} does not exist (any more).</source>
            <translation>Le groupe de droits {id} n'existe pas (ou plus).</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>Permission group “{group}” still has users ({users}): move them to another group first.</source>
            <translation>Le groupe de droits « {group} » a encore des utilisateurs ({users}) : déplacez-les d'abord dans un autre groupe.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>Please sign in first.</source>
            <translation>Veuillez d'abord vous connecter.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>Port {port} is already in use.</source>
            <translation>Le port {port} est déjà utilisé.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>Schedule {id} does not exist (any more).</source>
            <translation>Le planning {id} n'existe pas (ou plus).</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>Someone else changed this meanwhile: reload it and try again.</source>
            <translation>Quelqu'un d'autre l'a modifié entre-temps : rechargez et réessayez.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>Someone else controls this camera's PTZ now.</source>
            <translation>Quelqu'un d'autre commande maintenant le PTZ de cette caméra.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>The admin account cannot be deleted, disabled or restricted.</source>
            <translation>Le compte admin ne peut être ni supprimé, ni désactivé, ni restreint.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>The bundle arrived incomplete: send it again.</source>
            <translation>Le paquet de mise à jour est arrivé incomplet : envoyez-le à nouveau.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>The bundle is damaged or was changed: download it again.</source>
            <translation>Le paquet de mise à jour est endommagé ou a été modifié : téléchargez-le à nouveau.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>The bundle is for Debian {bundle_release}; this machine runs {host_release}.</source>
            <translation>Le paquet de mise à jour est fait pour Debian {bundle_release} ; cette machine a {host_release}.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>The bundle is for {bundle_arch} machines; this one is {host_arch}.</source>
            <translation>Le paquet de mise à jour est fait pour les machines {bundle_arch} ; celle-ci est {host_arch}.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>The bundle's signature is missing, unknown or wrong: it does not come from the makers of Vedette, or was changed.</source>
            <translation>La signature du paquet de mise à jour est absente, inconnue ou fausse : il ne vient pas des auteurs de Vedette, ou il a été modifié.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>The bundle's version {bundle_version} is not newer than the running {running_version}.</source>
            <translation>La version {bundle_version} du paquet de mise à jour n'est pas plus récente que la version en service, {running_version}.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>The character {character} (position {position}) is not allowed here.</source>
            <translation>Le caractère {character} (position {position}) n'est pas autorisé ici.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>The current password is wrong.</source>
            <translation>Le mot de passe actuel est incorrect.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>The disk {name} is already a volume.</source>
            <translation>Le disque {name} est déjà un volume.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>The disk {path} belongs to another server ({server_id}): initialise it with “force” to take it over.</source>
            <translation>Le disque {path} appartient à un autre serveur ({server_id}) : initialisez-le avec « forcer » pour le reprendre.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>The disk {path} cannot be written ({error}).</source>
            <translation>Impossible d'écrire sur le disque {path} ({error}).</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>The disk {path} holds Vedette data that cannot be read: initialise it with “force” to replace it.</source>
            <translation>Le disque {path} contient des données Vedette illisibles : initialisez-le avec « forcer » pour les remplacer.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>The disk {path} is not mounted or not a folder.</source>
            <translation>Le disque {path} n'est pas monté ou n'est pas un dossier.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>The disk {path} is recording: move it to an empty disk group first.</source>
            <translation>Le disque {path} enregistre : déplacez-le d'abord dans un groupe de disques vide.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>The password is too weak: it needs at least {min_length} characters and {min_classes} of the 4 kinds (lower case, upper case, digits, symbols), and must not be a common password or contain the user name.</source>
            <translation>Le mot de passe est trop faible : il lui faut au moins {min_length} caractères et {min_classes} des 4 types (minuscules, majuscules, chiffres, symboles), et il ne doit être ni un mot de passe courant ni contenir le nom d'utilisateur.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>The server already has {limit} permission groups, its maximum.</source>
            <translation>Le serveur a déjà {limit} groupes de droits, son maximum.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>The server closed the stream.</source>
            <translation>Le serveur a fermé le flux.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>The server failed ({method}): its log says why.</source>
            <translation>Le serveur a échoué ({method}) : son journal indique pourquoi.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>The server is catching up with its log: try again in a few seconds.</source>
            <translation>Le serveur rattrape son journal : réessayez dans quelques secondes.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>The server took too long to answer.</source>
            <translation>Le serveur a mis trop de temps à répondre.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>This account is disabled or was deleted.</source>
            <translation>Ce compte est désactivé ou a été supprimé.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>This allow/block list would lock you out: it refuses your own address {address}. Add it first.</source>
            <translation>Cette liste d'autorisation/blocage vous bloquerait : elle refuse votre propre adresse {address}. Ajoutez-la d'abord.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>This bundle upgrades version {min_from_version} or later; this server runs {running_version}: install the versions in between first.</source>
            <translation>Ce paquet met à jour la version {min_from_version} ou une plus récente ; ce serveur a la version {running_version} : installez d'abord les versions intermédiaires.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>This server refuses connections from {address} (allow/block list).</source>
            <translation>Ce serveur refuse les connexions depuis {address} (liste d'autorisation/blocage).</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>This server takes no upgrades (it was not installed from the Vedette package).</source>
            <translation>Ce serveur n'accepte pas de mise à jour (il n'a pas été installé depuis le paquet Vedette).</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>Too many failed sign-ins: try again in {retry_after_s} s.</source>
            <translation>Trop d'échecs de connexion : réessayez dans {retry_after_s} s.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>Tour {id} does not exist (any more).</source>
            <translation>La séquence {id} n'existe pas (ou plus).</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>User {id} does not exist (any more).</source>
            <translation>L'utilisateur {id} n'existe pas (ou plus).</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>View {id} does not exist (any more).</source>
            <translation>La vue {id} n'existe pas (ou plus).</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>Volume {id} does not exist (any more).</source>
            <translation>Le volume {id} n'existe pas (ou plus).</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>Wrong user name or password.</source>
            <translation>Nom d'utilisateur ou mot de passe incorrect.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>You cannot delete your own account.</source>
            <translation>Vous ne pouvez pas supprimer votre propre compte.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>You have the most exports under way ({limit}): wait for some to finish.</source>
            <translation>Vous avez le maximum d'exportations en cours ({limit}) : attendez que certaines se terminent.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>You have the most live pictures open ({limit}): close some first.</source>
            <translation>Vous avez le maximum d'images en direct ouvertes ({limit}) : fermez-en d'abord.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>You lack the “{area}” right.</source>
            <translation>Il vous manque le droit « {area} ».</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>You lack the “{right}” right on camera {camera_id}.</source>
            <translation>Il vous manque le droit « {right} » sur la caméra {camera_id}.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>You play back the most cameras at once ({limit}): close some first.</source>
            <translation>Vous lisez le maximum de caméras à la fois ({limit}) : fermez-en d'abord.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>Your session has ended: sign in again.</source>
            <translation>Votre session est terminée : reconnectez-vous.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>accounts</source>
            <translation>comptes</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>alarm configuration</source>
            <translation>configuration des alarmes</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>alarm handling</source>
            <translation>traitement des alarmes</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>alarm view</source>
            <translation>consultation des alarmes</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>audio</source>
            <translation>audio</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>cameras</source>
            <translation>caméras</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>disks</source>
            <translation>disques</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>export</source>
            <translation>exportation</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>live view</source>
            <translation>direct</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>network</source>
            <translation>réseau</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>output control</source>
            <translation>commande des sorties</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>playback</source>
            <translation>lecture</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>recording</source>
            <translation>enregistrement</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>system</source>
            <translation>système</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>system log</source>
            <translation>journal système</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>{path} is on the same disk as volume {other_id} ({other_path}).</source>
            <translation>{path} est sur le même disque que le volume {other_id} ({other_path}).</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>{value} is not between {min} and {max}.</source>
            <translation>{value} n'est pas compris entre {min} et {max}.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>{value} is not one of: {allowed}.</source>
            <translation>{value} ne fait pas partie de : {allowed}.</translation>
        </message>
        <message>
            <location filename="../error_words.py" />
            <source>“{group}” is a built-in permission group: it cannot be changed or deleted.</source>
            <translation>« {group} » est un groupe de droits intégré : il ne peut être ni modifié ni supprimé.</translation>
        </message>
    </context>
    <context>
        <name>failures</name>
        <message>
            <location filename="../failures.py" />
            <source>Vedette</source>
            <translation>Vedette</translation>
        </message>
        <message>
            <location filename="../failures.py" />
            <source>{text}
(failed {count} times)</source>
            <translation>{text}
(échec {count} fois)</translation>
        </message>
    </context>
    <context>
        <name>log</name>
        <message>
            <location filename="../log_words.py" />
            <source>Alarm {alarm_id} acknowledged by {user}: {title}</source>
            <translation>Alarme {alarm_id} acquittée par {user} : {title}</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>Alarm {alarm_id} closed ({resolution}): {title}</source>
            <translation>Alarme {alarm_id} clôturée ({resolution}) : {title}</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>Alarm {alarm_id} closed by {user} ({resolution}): {title}</source>
            <translation>Alarme {alarm_id} clôturée par {user} ({resolution}) : {title}</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>Alarm {alarm_id} escalated: {title}</source>
            <translation>Alarme {alarm_id} escaladée : {title}</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>Alarm {alarm_id} is now {state} by {user}: {title}</source>
            <translation>Alarme {alarm_id} passée à l'état {state} par {user} : {title}</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>Alarm {alarm_id} is now {state}: {title}</source>
            <translation>Alarme {alarm_id} passée à l'état {state} : {title}</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>Alarm {alarm_id} raised by {user}: {title}</source>
            <translation>Alarme {alarm_id} déclenchée par {user} : {title}</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>Alarm {alarm_id} raised: {title}</source>
            <translation>Alarme {alarm_id} déclenchée : {title}</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>Analytics event</source>
            <translation>Événement d'analyse</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>Camera {camera_id}: its ONVIF events are subscribed again.</source>
            <translation>Caméra {camera_id} : abonnement à ses événements ONVIF rétabli.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>Camera {camera_id}: its ONVIF events are unavailable.</source>
            <translation>Caméra {camera_id} : ses événements ONVIF sont indisponibles.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>Camera {camera} is offline ({reason}).</source>
            <translation>La caméra {camera} est hors ligne ({reason}).</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>Camera {camera} is online again.</source>
            <translation>La caméra {camera} est de nouveau en ligne.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>Failed sign-in as {user} from {peer}.</source>
            <translation>Échec de connexion en tant que {user} depuis {peer}.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>Illegal access: {failures} failed sign-ins as {user} from {peer}.</source>
            <translation>Accès illégal : {failures} échecs de connexion en tant que {user} depuis {peer}.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>Manual event</source>
            <translation>Événement manuel</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>Motion event</source>
            <translation>Événement de mouvement</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>RTSP re-streaming is off.</source>
            <translation>La rediffusion RTSP est désactivée.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>Refused ({outcome}): {text}</source>
            <translation>Refusé ({outcome}) : {text}</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>Sensor event</source>
            <translation>Événement de capteur</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>The server restarted for its scheduled maintenance.</source>
            <translation>Le serveur a redémarré pour sa maintenance programmée.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>The server started.</source>
            <translation>Le serveur a démarré.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>The server stopped.</source>
            <translation>Le serveur s'est arrêté.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>Too many refused calls at once: they were not logged one by one.</source>
            <translation>Trop d'appels refusés à la fois : ils n'ont pas été journalisés un par un.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>Volume {volume_id} ({path}) belongs to another server.</source>
            <translation>Le volume {volume_id} ({path}) appartient à un autre serveur.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>Volume {volume_id} ({path}) is full.</source>
            <translation>Le volume {volume_id} ({path}) est plein.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>Volume {volume_id} ({path}) is unavailable.</source>
            <translation>Le volume {volume_id} ({path}) est indisponible.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>Volume {volume_id} ({path}) is writable again.</source>
            <translation>Le volume {volume_id} ({path}) est de nouveau accessible en écriture.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>Volume {volume_id} ({path}): disk {device} is failing (S.M.A.R.T.): {message}.</source>
            <translation>Volume {volume_id} ({path}) : le disque {device} est défaillant (S.M.A.R.T.) : {message}.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>Volume {volume_id} ({path}): disk {device} passes its S.M.A.R.T. check.</source>
            <translation>Volume {volume_id} ({path}) : le disque {device} réussit sa vérification S.M.A.R.T.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>Volume {volume_id} ({path}): no S.M.A.R.T. data: {message}.</source>
            <translation>Volume {volume_id} ({path}) : pas de données S.M.A.R.T. : {message}.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>Volume {volume_id} ({path}): writing camera {camera}'s {stream} stream failed: {reason}. The volume takes writes and stays in use.</source>
            <translation>Volume {volume_id} ({path}) : échec d’écriture du flux {stream} de la caméra {camera} : {reason}. Le volume accepte les écritures et reste utilisé.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{message} (cleared)</source>
            <translation>{message} (terminé)</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} acknowledged an alarm.</source>
            <translation>{user} a acquitté une alarme.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} added a camera.</source>
            <translation>{user} a ajouté une caméra.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} added a permission group.</source>
            <translation>{user} a ajouté un groupe de droits.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} added a user.</source>
            <translation>{user} a ajouté un utilisateur.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} added a volume.</source>
            <translation>{user} a ajouté un volume.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} cancelled a restart or shutdown.</source>
            <translation>{user} a annulé un redémarrage ou un arrêt.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} changed a disk group.</source>
            <translation>{user} a modifié un groupe de disques.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} changed a permission group.</source>
            <translation>{user} a modifié un groupe de droits.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} changed a user.</source>
            <translation>{user} a modifié un utilisateur.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} changed a volume.</source>
            <translation>{user} a modifié un volume.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} changed camera {camera_id}.</source>
            <translation>{user} a modifié la caméra {camera_id}.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} changed the network settings of interface {interface}.</source>
            <translation>{user} a modifié les paramètres réseau de l'interface {interface}.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} changed the password of camera {camera_id}.</source>
            <translation>{user} a modifié le mot de passe de la caméra {camera_id}.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} changed the picture of camera {camera_id}.</source>
            <translation>{user} a modifié l'image de la caméra {camera_id}.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} changed the recording of camera {camera_id}.</source>
            <translation>{user} a modifié l'enregistrement de la caméra {camera_id}.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} changed the settings.</source>
            <translation>{user} a modifié les paramètres.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} changed the streams of camera {camera_id}.</source>
            <translation>{user} a modifié les flux de la caméra {camera_id}.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} changed their password.</source>
            <translation>{user} a modifié son mot de passe.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} deleted a permission group.</source>
            <translation>{user} a supprimé un groupe de droits.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} deleted a tour.</source>
            <translation>{user} a supprimé une séquence.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} deleted a user.</source>
            <translation>{user} a supprimé un utilisateur.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} deleted a view.</source>
            <translation>{user} a supprimé une vue.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} deleted an alarm rule.</source>
            <translation>{user} a supprimé une règle d'alarme.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} deleted camera {camera_id}.</source>
            <translation>{user} a supprimé la caméra {camera_id}.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} ended a session.</source>
            <translation>{user} a mis fin à une session.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} exported the configuration.</source>
            <translation>{user} a exporté la configuration.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} exported video.</source>
            <translation>{user} a exporté de la vidéo.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} imported a configuration.</source>
            <translation>{user} a importé une configuration.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} initialised a volume.</source>
            <translation>{user} a initialisé un volume.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} raised an alarm by hand.</source>
            <translation>{user} a déclenché une alarme manuellement.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} removed a volume.</source>
            <translation>{user} a retiré un volume.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} reset a user's password.</source>
            <translation>{user} a réinitialisé le mot de passe d'un utilisateur.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} saved a tour.</source>
            <translation>{user} a enregistré une séquence.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} saved a view.</source>
            <translation>{user} a enregistré une vue.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} saved an alarm rule.</source>
            <translation>{user} a enregistré une règle d'alarme.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} set the date and time.</source>
            <translation>{user} a réglé la date et l'heure.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} set their recovery questions.</source>
            <translation>{user} a défini ses questions de récupération.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} signed in from {peer}.</source>
            <translation>{user} s'est connecté depuis {peer}.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} signed out.</source>
            <translation>{user} s'est déconnecté.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} started an export.</source>
            <translation>{user} a lancé une exportation.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} started manual recording.</source>
            <translation>{user} a lancé un enregistrement manuel.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} started playback.</source>
            <translation>{user} a lancé une lecture.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{user} stopped manual recording.</source>
            <translation>{user} a arrêté l'enregistrement manuel.</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{what} ({subtype})</source>
            <translation>{what} ({subtype})</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{what} on camera {camera_id}</source>
            <translation>{what} sur la caméra {camera_id}</translation>
        </message>
        <message>
            <location filename="../log_words.py" />
            <source>{what}: {message}</source>
            <translation>{what} : {message}</translation>
        </message>
    </context>
    <context>
        <name>settings</name>
        <message>
            <location filename="../settings/system_log.py" />
            <source> (older ones match too)</source>
            <translation> (des entrées plus anciennes correspondent aussi)</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source> GB</source>
            <translation> Go</translation>
        </message>
        <message>
            <location filename="../settings/calculator.py" />
            <location filename="../settings/cameras.py" />
            <source> days</source>
            <translation> jours</translation>
        </message>
        <message>
            <location filename="../settings/calculator.py" />
            <source> h/day</source>
            <translation> h/jour</translation>
        </message>
        <message>
            <location filename="../settings/calculator.py" />
            <source> kbit/s</source>
            <translation> kbit/s</translation>
        </message>
        <message>
            <location filename="../settings/general.py" />
            <source> min</source>
            <translation> min</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source> s</source>
            <translation> s</translation>
        </message>
        <message>
            <location filename="../settings/display.py" />
            <source>#{id} (not shared or deleted)</source>
            <translation>n° {id} (non partagée ou supprimée)</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>0 (off)</source>
            <translation>0 (désactivé)</translation>
        </message>
        <message>
            <location filename="../settings/upgrade.py" />
            <source>A bundle (.vup) is signed by the makers of Vedette. The server checks its signature, that it is newer than the running version and made for this machine, then the machine installs it: recording stops for a minute or two while the server restarts on the new version. Recordings and settings are kept.</source>
            <translation>Un paquet de mise à jour (.vup) est signé par les auteurs de Vedette. Le serveur vérifie sa signature, qu'il est plus récent que la version en service et fait pour cette machine, puis la machine l'installe : l'enregistrement s'arrête une minute ou deux pendant que le serveur redémarre avec la nouvelle version. Les enregistrements et les réglages sont conservés.</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>A camera records only to its group's volumes. Put a camera in a group on the Cameras page, a volume on the Volumes page.</source>
            <translation>Une caméra n'enregistre que sur les volumes de son groupe. Placez une caméra dans un groupe sur la page Caméras, un volume sur la page Volumes.</translation>
        </message>
        <message>
            <location filename="../settings/network.py" />
            <source>A changed port takes effect when the server restarts.</source>
            <translation>Un port modifié prend effet au redémarrage du serveur.</translation>
        </message>
        <message>
            <location filename="../settings/groups.py" />
            <source>A higher priority takes a PTZ camera from a user of a lower one</source>
            <translation>Une priorité plus haute prend une caméra PTZ à un utilisateur de priorité plus basse</translation>
        </message>
        <message>
            <location filename="../settings/general.py" />
            <source>A new language is used from the console's next start.</source>
            <translation>Une nouvelle langue s'applique au prochain démarrage de la console.</translation>
        </message>
        <message>
            <location filename="../settings/display.py" />
            <source>A tour runs instead of the view. Only shared ones can be shown.</source>
            <translation>Une séquence tourne à la place de la vue. Seules les séquences partagées peuvent être affichées.</translation>
        </message>
        <message>
            <location filename="../settings/upgrade.py" />
            <source>Accepted: version {version} is verified and handed to the machine.</source>
            <translation>Accepté : la version {version} est vérifiée et confiée à la machine.</translation>
        </message>
        <message>
            <location filename="../settings/access.py" />
            <source>Access filter</source>
            <translation>Filtrage d'accès</translation>
        </message>
        <message>
            <location filename="../settings/access.py" />
            <source>Access filter saved</source>
            <translation>Filtrage d'accès enregistré</translation>
        </message>
        <message>
            <location filename="../settings/access.py" />
            <location filename="../settings/accounts_rights.py" />
            <location filename="../settings/groups.py" />
            <location filename="../settings/my_account.py" />
            <location filename="../settings/pages.py" />
            <location filename="../settings/sessions.py" />
            <location filename="../settings/users.py" />
            <source>Accounts</source>
            <translation>Comptes</translation>
        </message>
        <message>
            <location filename="../settings/system_log.py" />
            <source>Action</source>
            <translation>Action</translation>
        </message>
        <message>
            <location filename="../settings/cameras.py" />
            <source>Add cameras…</source>
            <translation>Ajouter des caméras…</translation>
        </message>
        <message>
            <location filename="../settings/access.py" />
            <source>Add entry</source>
            <translation>Ajouter une entrée</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Add volume</source>
            <translation>Ajouter un volume</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Adding {path}…</source>
            <translation>Ajout de {path}…</translation>
        </message>
        <message>
            <location filename="../settings/host_network.py" />
            <location filename="../settings/sessions.py" />
            <location filename="../settings/system_log.py" />
            <source>Address</source>
            <translation>Adresse</translation>
        </message>
        <message>
            <location filename="../settings/access.py" />
            <source>Address, network, range or MAC</source>
            <translation>Adresse, réseau, plage ou MAC</translation>
        </message>
        <message>
            <location filename="../settings/host_network.py" />
            <source>Address/prefix</source>
            <translation>Adresse/préfixe</translation>
        </message>
        <message>
            <location filename="../settings/network.py" />
            <source>Addresses</source>
            <translation>Adresses</translation>
        </message>
        <message>
            <location filename="../settings/groups.py" />
            <location filename="../settings/users.py" />
            <source>Add…</source>
            <translation>Ajouter…</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Admin password</source>
            <translation>Mot de passe admin</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>After</source>
            <translation>Dans</translation>
        </message>
        <message>
            <location filename="../settings/system_log.py" />
            <source>Alarm</source>
            <translation>Alarme</translation>
        </message>
        <message>
            <location filename="../settings/alarms.py" />
            <source>Alarm rules</source>
            <translation>Règles d'alarme</translation>
        </message>
        <message>
            <location filename="../settings/accounts_rights.py" />
            <source>Alarm settings</source>
            <translation>Paramètres des alarmes</translation>
        </message>
        <message>
            <location filename="../settings/alarms.py" />
            <source>Alarm statistics</source>
            <translation>Statistiques d'alarmes</translation>
        </message>
        <message>
            <location filename="../settings/alarms.py" />
            <location filename="../settings/pages.py" />
            <source>Alarms</source>
            <translation>Alarmes</translation>
        </message>
        <message>
            <location filename="../settings/accounts_rights.py" />
            <source>All cameras, also those added later</source>
            <translation>Toutes, y compris les futures</translation>
        </message>
        <message>
            <location filename="../settings/access.py" />
            <source>Allow only the listed clients</source>
            <translation>Autoriser uniquement les clients listés</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Also delete every camera and every recording</source>
            <translation>Supprimer aussi toutes les caméras et tous les enregistrements</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Another server initialised {paths}: its recordings there are moved aside on the disk and can no longer be played back. (Nothing is deleted from the disk.)</source>
            <translation>Un autre serveur a initialisé {paths} : ses enregistrements y sont mis de côté sur le disque et ne peuvent plus être lus. (Rien n'est supprimé du disque.)</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Another server's</source>
            <translation>D'un autre serveur</translation>
        </message>
        <message>
            <location filename="../settings/my_account.py" />
            <source>Answer</source>
            <translation>Réponse</translation>
        </message>
        <message>
            <location filename="../settings/access.py" />
            <source>Applied</source>
            <translation>Appliqué</translation>
        </message>
        <message>
            <location filename="../settings/host_network.py" />
            <source>Apply the network settings</source>
            <translation>Appliquer les paramètres réseau</translation>
        </message>
        <message>
            <location filename="../settings/host_network.py" />
            <source>Applying…</source>
            <translation>Application…</translation>
        </message>
        <message>
            <location filename="../settings/host_network.py" />
            <source>Apply…</source>
            <translation>Appliquer…</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Asking the server…</source>
            <translation>Interrogation du serveur…</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>At least 8 characters; needed to restore</source>
            <translation>Au moins 8 caractères ; nécessaire pour restaurer</translation>
        </message>
        <message>
            <location filename="../settings/host_network.py" />
            <source>At most {count} DNS servers</source>
            <translation>Au plus {count} serveurs DNS</translation>
        </message>
        <message>
            <location filename="../settings/accounts_rights.py" />
            <location filename="../settings/cameras.py" />
            <source>Audio</source>
            <translation>Audio</translation>
        </message>
        <message>
            <location filename="../settings/general.py" />
            <source>Automatic sign-in</source>
            <translation>Connexion automatique</translation>
        </message>
        <message>
            <location filename="../settings/accounts_rights.py" />
            <source>Backup</source>
            <translation>Sauvegarde</translation>
        </message>
        <message>
            <location filename="../settings/cameras.py" />
            <source>Bitrate</source>
            <translation>Débit</translation>
        </message>
        <message>
            <location filename="../settings/calculator.py" />
            <source>Bitrate per channel</source>
            <translation>Débit par voie</translation>
        </message>
        <message>
            <location filename="../settings/calculator.py" />
            <source>Bitrate used (kbit/s)</source>
            <translation>Débit utilisé (kbit/s)</translation>
        </message>
        <message>
            <location filename="../settings/access.py" />
            <source>Block the listed clients</source>
            <translation>Bloquer les clients listés</translation>
        </message>
        <message>
            <location filename="../settings/date_time.py" />
            <source>By hand</source>
            <translation>Manuellement</translation>
        </message>
        <message>
            <location filename="../settings/accounts_rights.py" />
            <location filename="../settings/calculator.py" />
            <location filename="../settings/system_log.py" />
            <source>Camera</source>
            <translation>Caméra</translation>
        </message>
        <message>
            <location filename="../settings/calculator.py" />
            <source>Camera by camera</source>
            <translation>Caméra par caméra</translation>
        </message>
        <message>
            <location filename="../settings/cameras.py" />
            <source>Camera “{name}” added</source>
            <translation>Caméra « {name} » ajoutée</translation>
        </message>
        <message>
            <location filename="../settings/cameras.py" />
            <source>Camera “{name}” deleted</source>
            <translation>Caméra « {name} » supprimée</translation>
        </message>
        <message>
            <location filename="../settings/cameras.py" />
            <source>Camera “{name}” saved</source>
            <translation>Caméra « {name} » enregistrée</translation>
        </message>
        <message>
            <location filename="../settings/accounts_rights.py" />
            <location filename="../settings/cameras.py" />
            <location filename="../settings/pages.py" />
            <location filename="../settings/storage.py" />
            <location filename="../settings/system_info.py" />
            <source>Cameras</source>
            <translation>Caméras</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Cancel it</source>
            <translation>L'annuler</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Cancelled</source>
            <translation>Annulé</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Cancelling…</source>
            <translation>Annulation…</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Capacity</source>
            <translation>Capacité</translation>
        </message>
        <message>
            <location filename="../settings/my_account.py" />
            <source>Change password</source>
            <translation>Changer le mot de passe</translation>
        </message>
        <message>
            <location filename="../settings/my_account.py" />
            <source>Changing the password…</source>
            <translation>Changement du mot de passe…</translation>
        </message>
        <message>
            <location filename="../settings/network.py" />
            <source>Changing the ports needs the network right.</source>
            <translation>Modifier les ports nécessite le droit réseau.</translation>
        </message>
        <message>
            <location filename="../settings/calculator.py" />
            <source>Channels</source>
            <translation>Voies</translation>
        </message>
        <message>
            <location filename="../settings/display.py" />
            <source>Check all</source>
            <translation>Tout cocher</translation>
        </message>
        <message>
            <location filename="../settings/display.py" />
            <source>Check none</source>
            <translation>Tout décocher</translation>
        </message>
        <message>
            <location filename="../settings/calculator.py" />
            <source>Check the figures: {reason}</source>
            <translation>Vérifiez les chiffres : {reason}</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Checked: {0}</source>
            <translation>Vérifié le {0}</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Checking the file…</source>
            <translation>Vérification du fichier…</translation>
        </message>
        <message>
            <location filename="../settings/upgrade.py" />
            <source>Choose a bundle and upload…</source>
            <translation>Choisir un paquet et l'envoyer…</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Choose a file and preview…</source>
            <translation>Choisir un fichier et prévisualiser…</translation>
        </message>
        <message>
            <location filename="../settings/window.py" />
            <source>Choose a page on the left.</source>
            <translation>Choisissez une page à gauche.</translation>
        </message>
        <message>
            <location filename="../settings/date_time.py" />
            <source>Clock set</source>
            <translation>Horloge réglée</translation>
        </message>
        <message>
            <location filename="../settings/cameras.py" />
            <source>Codec</source>
            <translation>Codec</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Configuration backup</source>
            <translation>Sauvegarde de la configuration</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Configuration imported: {changes}</source>
            <translation>Configuration importée : {changes}</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Configuration saved to {path}</source>
            <translation>Configuration enregistrée dans {path}</translation>
        </message>
        <message>
            <location filename="../settings/cameras.py" />
            <source>Connecting</source>
            <translation>Connexion</translation>
        </message>
        <message>
            <location filename="../settings/groups.py" />
            <source>Copy of {name}</source>
            <translation>Copie de {name}</translation>
        </message>
        <message>
            <location filename="../settings/groups.py" />
            <source>Copy…</source>
            <translation>Copier…</translation>
        </message>
        <message>
            <location filename="../settings/my_account.py" />
            <source>Current password</source>
            <translation>Mot de passe actuel</translation>
        </message>
        <message>
            <location filename="../settings/host_network.py" />
            <source>DHCP (automatic)</source>
            <translation>DHCP (automatique)</translation>
        </message>
        <message>
            <location filename="../settings/host_network.py" />
            <source>DNS servers</source>
            <translation>Serveurs DNS</translation>
        </message>
        <message>
            <location filename="../settings/date_time.py" />
            <source>Date and time</source>
            <translation>Date et heure</translation>
        </message>
        <message>
            <location filename="../settings/date_time.py" />
            <source>Date format</source>
            <translation>Format de date</translation>
        </message>
        <message>
            <location filename="../settings/cameras.py" />
            <source>Delete camera</source>
            <translation>Supprimer la caméra</translation>
        </message>
        <message>
            <location filename="../settings/groups.py" />
            <source>Delete permission group</source>
            <translation>Supprimer le groupe de droits</translation>
        </message>
        <message>
            <location filename="../settings/cameras.py" />
            <source>Delete recordings after</source>
            <translation>Supprimer les enregistrements après</translation>
        </message>
        <message>
            <location filename="../settings/groups.py" />
            <source>Delete the permission group {name} and its rights?</source>
            <translation>Supprimer le groupe de droits {name} et ses droits ?</translation>
        </message>
        <message>
            <location filename="../settings/users.py" />
            <source>Delete the user {name}? Their sessions end at once and the account is lost; the system log keeps what they did.</source>
            <translation>Supprimer l'utilisateur {name} ? Ses sessions se terminent immédiatement et le compte est perdu ; le journal système garde trace de ses actions.</translation>
        </message>
        <message>
            <location filename="../settings/users.py" />
            <source>Delete user</source>
            <translation>Supprimer l'utilisateur</translation>
        </message>
        <message>
            <location filename="../settings/cameras.py" />
            <source>Delete “{name}”? Its configuration and all its recordings are deleted; this cannot be undone. The server refuses while one of its recordings is locked as evidence. To stop recording it and keep its recordings, untick “Enabled” instead.</source>
            <translation>Supprimer « {name} » ? Sa configuration et tous ses enregistrements sont supprimés ; cette action est irréversible. Le serveur refuse tant qu'un de ses enregistrements est verrouillé comme preuve. Pour arrêter de l'enregistrer en gardant ses enregistrements, décochez plutôt « Activée ».</translation>
        </message>
        <message>
            <location filename="../settings/cameras.py" />
            <location filename="../settings/groups.py" />
            <location filename="../settings/users.py" />
            <source>Delete…</source>
            <translation>Supprimer…</translation>
        </message>
        <message>
            <location filename="../settings/cameras.py" />
            <source>Deleting…</source>
            <translation>Suppression…</translation>
        </message>
        <message>
            <location filename="../settings/system_info.py" />
            <source>Device</source>
            <translation>Périphérique</translation>
        </message>
        <message>
            <location filename="../settings/general.py" />
            <source>Device name</source>
            <translation>Nom de l'appareil</translation>
        </message>
        <message>
            <location filename="../settings/general.py" />
            <source>Device number</source>
            <translation>Numéro de l'appareil</translation>
        </message>
        <message>
            <location filename="../settings/users.py" />
            <source>Disable</source>
            <translation>Désactiver</translation>
        </message>
        <message>
            <location filename="../settings/cameras.py" />
            <source>Disabled</source>
            <translation>Désactivée</translation>
        </message>
        <message>
            <location filename="../settings/cameras.py" />
            <location filename="../settings/storage.py" />
            <source>Disk group</source>
            <translation>Groupe de disques</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Disk group {group} saved</source>
            <translation>Groupe de disques {group} enregistré</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Disk groups</source>
            <translation>Groupes de disques</translation>
        </message>
        <message>
            <location filename="../settings/calculator.py" />
            <source>Disk needed = bitrate × hours a day × days × channels, plus the 10 % of a disk's size lost to formatting. Measured bitrates are the server's, over the last few seconds; change a camera's figure to try another.</source>
            <translation>Disque nécessaire = débit × heures par jour × jours × voies, plus les 10 % de la taille d'un disque perdus au formatage. Les débits mesurés sont ceux du serveur, sur les dernières secondes ; modifiez le chiffre d'une caméra pour en essayer un autre.</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Disk:</source>
            <translation>Disque :</translation>
        </message>
        <message>
            <location filename="../settings/accounts_rights.py" />
            <source>Disks</source>
            <translation>Disques</translation>
        </message>
        <message>
            <location filename="../settings/display.py" />
            <location filename="../settings/pages.py" />
            <source>Display</source>
            <translation>Affichage</translation>
        </message>
        <message>
            <location filename="../settings/display.py" />
            <source>Displays</source>
            <translation>Écrans</translation>
        </message>
        <message>
            <location filename="../settings/accounts_user_dialogs.py" />
            <location filename="../settings/users.py" />
            <source>E-mail</source>
            <translation>Courriel</translation>
        </message>
        <message>
            <location filename="../settings/cameras.py" />
            <location filename="../settings/users.py" />
            <source>Edit…</source>
            <translation>Modifier…</translation>
        </message>
        <message>
            <location filename="../settings/users.py" />
            <source>Enable</source>
            <translation>Activer</translation>
        </message>
        <message>
            <location filename="../settings/cameras.py" />
            <source>Enabled (its streams are fetched and recorded)</source>
            <translation>Activée (ses flux sont récupérés et enregistrés)</translation>
        </message>
        <message>
            <location filename="../settings/sessions.py" />
            <source>End session</source>
            <translation>Terminer la session</translation>
        </message>
        <message>
            <location filename="../settings/sessions.py" />
            <source>End session…</source>
            <translation>Terminer la session…</translation>
        </message>
        <message>
            <location filename="../settings/sessions.py" />
            <source>End the session of {name} from {address}? They are signed out at once and their open streams close.</source>
            <translation>Terminer la session de {name} depuis {address} ? Il est déconnecté immédiatement et ses flux ouverts se ferment.</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>End this console's session</source>
            <translation>Terminer la session de cette console</translation>
        </message>
        <message>
            <location filename="../settings/sessions.py" />
            <source>End your own session? This console is signed out at once.</source>
            <translation>Terminer votre propre session ? Cette console est déconnectée immédiatement.</translation>
        </message>
        <message>
            <location filename="../settings/general.py" />
            <source>English</source>
            <translation>English</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Enter the folder's absolute path on the server.</source>
            <translation>Saisissez le chemin absolu du dossier sur le serveur.</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Every setting, user, permission group and view is reset (only admin stays, with its password), and every camera and every recording is deleted.</source>
            <translation>Tous les paramètres, utilisateurs, groupes de droits et vues sont réinitialisés (seul admin reste, avec son mot de passe), et toutes les caméras et tous les enregistrements sont supprimés.</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Every setting, user, permission group and view is reset (only admin stays, with its password). Cameras are disabled and their passwords erased; their recordings are kept.</source>
            <translation>Tous les paramètres, utilisateurs, groupes de droits et vues sont réinitialisés (seul admin reste, avec son mot de passe). Les caméras sont désactivées et leurs mots de passe effacés ; leurs enregistrements sont conservés.</translation>
        </message>
        <message>
            <location filename="../settings/system_log.py" />
            <source>Every type</source>
            <translation>Tous les types</translation>
        </message>
        <message>
            <location filename="../settings/access.py" />
            <source>Examples: 192.0.2.7, 192.0.2.0/24, 192.0.2.10-192.0.2.20, aa:bb:cc:dd:ee:ff (only on this network). The appliance's own screen is never filtered.</source>
            <translation>Exemples : 192.0.2.7, 192.0.2.0/24, 192.0.2.10-192.0.2.20, aa:bb:cc:dd:ee:ff (uniquement sur ce réseau). L'écran de l'enregistreur lui-même n'est jamais filtré.</translation>
        </message>
        <message>
            <location filename="../settings/system_log.py" />
            <source>Exception</source>
            <translation>Anomalie</translation>
        </message>
        <message>
            <location filename="../settings/cameras.py" />
            <source>Expiry</source>
            <translation>Expiration</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Exported by server {server} on {time}. Importing it would make {changes}:</source>
            <translation>Exportée par le serveur {server} le {time}. L'importer apporterait {changes} :</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Factory reset</source>
            <translation>Réinitialisation d'usine</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Factory reset…</source>
            <translation>Réinitialisation d'usine…</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Failing</source>
            <translation>Défaillant</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>File</source>
            <translation>Fichier</translation>
        </message>
        <message>
            <location filename="../settings/access.py" />
            <source>Filter the clients that may connect</source>
            <translation>Filtrer les clients autorisés à se connecter</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Folder on the server, e.g. /media/disk2</source>
            <translation>Dossier sur le serveur, p. ex. /media/disk2</translation>
        </message>
        <message>
            <location filename="../settings/calculator.py" />
            <source>For {days} days: {size} of recordings, on disks of at least {disk}</source>
            <translation>Pour {days} jours : {size} d'enregistrements, sur des disques d'au moins {disk}</translation>
        </message>
        <message>
            <location filename="../settings/general.py" />
            <source>Français</source>
            <translation>Français</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Free</source>
            <translation>Libre</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Free space kept on each of the group's volumes</source>
            <translation>Espace libre réservé sur chaque volume du groupe</translation>
        </message>
        <message>
            <location filename="../settings/system_log.py" />
            <source>From</source>
            <translation>Du</translation>
        </message>
        <message>
            <location filename="../settings/date_time.py" />
            <source>From an NTP server</source>
            <translation>Depuis un serveur NTP</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Full</source>
            <translation>Plein</translation>
        </message>
        <message>
            <location filename="../settings/host_network.py" />
            <source>Gateway</source>
            <translation>Passerelle</translation>
        </message>
        <message>
            <location filename="../settings/general.py" />
            <source>General</source>
            <translation>Général</translation>
        </message>
        <message>
            <location filename="../settings/host_network.py" />
            <source>Give the address with its prefix length (1 to 30), for example 192.0.2.10/24</source>
            <translation>Indiquez l'adresse avec la longueur de son préfixe (1 à 30), par exemple 192.0.2.10/24</translation>
        </message>
        <message>
            <location filename="../settings/groups.py" />
            <location filename="../settings/storage.py" />
            <location filename="../settings/users.py" />
            <source>Group</source>
            <translation>Groupe</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Group </source>
            <translation>Groupe </translation>
        </message>
        <message>
            <location filename="../settings/groups.py" />
            <source>Group {name} added</source>
            <translation>Groupe {name} ajouté</translation>
        </message>
        <message>
            <location filename="../settings/groups.py" />
            <source>Group {name} deleted</source>
            <translation>Groupe {name} supprimé</translation>
        </message>
        <message>
            <location filename="../settings/groups.py" />
            <source>Group {name} saved</source>
            <translation>Groupe {name} enregistré</translation>
        </message>
        <message>
            <location filename="../settings/accounts_rights.py" />
            <source>Handle alarms</source>
            <translation>Traiter les alarmes</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Health</source>
            <translation>Santé</translation>
        </message>
        <message>
            <location filename="../settings/system_info.py" />
            <source>Host</source>
            <translation>Hôte</translation>
        </message>
        <message>
            <location filename="../settings/host_network.py" />
            <source>Host network</source>
            <translation>Réseau de l'appareil</translation>
        </message>
        <message>
            <location filename="../settings/calculator.py" />
            <source>Hours a day</source>
            <translation>Heures par jour</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Import the configuration</source>
            <translation>Importer la configuration</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Importing…</source>
            <translation>Importation…</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Import…</source>
            <translation>Importer…</translation>
        </message>
        <message>
            <location filename="../settings/system_log.py" />
            <source>Information</source>
            <translation>Information</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Initialise all volumes</source>
            <translation>Initialiser tous les volumes</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Initialise all…</source>
            <translation>Tout initialiser…</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Initialise the volume {path}? Vedette writes its marker there and records on it from now on; files already in the folder are not touched.</source>
            <translation>Initialiser le volume {path} ? Vedette y écrit son marqueur et y enregistre désormais ; les fichiers déjà présents dans le dossier ne sont pas touchés.</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Initialise volume</source>
            <translation>Initialiser le volume</translation>
        </message>
        <message numerus="yes">
            <location filename="../settings/storage.py" />
            <source>Initialise {count} volumes? Vedette records on them from now on.</source>
            <extracomment>Singular: Initialise {count} volume? Vedette records on it from now on.</extracomment>
            <translation>
                <numerusform>Initialiser {count} volume ? Vedette y enregistre désormais.</numerusform>
                <numerusform>Initialiser {count} volumes ? Vedette y enregistre désormais.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Initialise…</source>
            <translation>Initialiser…</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Initialising {path} ({done} of {total})…</source>
            <translation>Initialisation de {path} ({done} sur {total})…</translation>
        </message>
        <message>
            <location filename="../settings/alarms.py" />
            <source>Inputs and outputs</source>
            <translation>Entrées et sorties</translation>
        </message>
        <message>
            <location filename="../settings/upgrade.py" />
            <source>Installing version {version}: {message}</source>
            <translation>Installation de la version {version} : {message}</translation>
        </message>
        <message>
            <location filename="../settings/host_network.py" />
            <location filename="../settings/network.py" />
            <source>Interface</source>
            <translation>Interface</translation>
        </message>
        <message>
            <location filename="../settings/network.py" />
            <source>Interfaces</source>
            <translation>Interfaces</translation>
        </message>
        <message>
            <location filename="../settings/my_account.py" />
            <source>Its answer</source>
            <translation>Sa réponse</translation>
        </message>
        <message>
            <location filename="../settings/calculator.py" />
            <source>Keep recordings for</source>
            <translation>Conserver les enregistrements pendant</translation>
        </message>
        <message>
            <location filename="../settings/groups.py" />
            <source>Kind</source>
            <translation>Type</translation>
        </message>
        <message>
            <location filename="../settings/general.py" />
            <source>Language</source>
            <translation>Langue</translation>
        </message>
        <message>
            <location filename="../settings/sessions.py" />
            <source>Last call</source>
            <translation>Dernière requête</translation>
        </message>
        <message>
            <location filename="../settings/upgrade.py" />
            <source>Last upgrade</source>
            <translation>Dernière mise à jour</translation>
        </message>
        <message>
            <location filename="../settings/network.py" />
            <source>Link</source>
            <translation>Liaison</translation>
        </message>
        <message>
            <location filename="../settings/accounts_rights.py" />
            <source>Live</source>
            <translation>Direct</translation>
        </message>
        <message>
            <location filename="../settings/sessions.py" />
            <source>Live streams</source>
            <translation>Flux en direct</translation>
        </message>
        <message>
            <location filename="../settings/groups.py" />
            <source>Local (this appliance)</source>
            <translation>Local (cet enregistreur)</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Log out</source>
            <translation>Se déconnecter</translation>
        </message>
        <message>
            <location filename="../settings/general.py" />
            <source>Log out after idle</source>
            <translation>Déconnexion après inactivité</translation>
        </message>
        <message>
            <location filename="../settings/display.py" />
            <source>Logged-out cameras</source>
            <translation>Caméras hors connexion</translation>
        </message>
        <message>
            <location filename="../settings/network.py" />
            <source>MAC</source>
            <translation>MAC</translation>
        </message>
        <message>
            <location filename="../settings/accounts_user_dialogs.py" />
            <location filename="../settings/users.py" />
            <source>MAC binding</source>
            <translation>Liaison MAC</translation>
        </message>
        <message>
            <location filename="../settings/host_network.py" />
            <source>MAC {mac}, {link}, {origin}; now {address}</source>
            <translation>MAC {mac}, {link}, {origin} ; actuellement {address}</translation>
        </message>
        <message>
            <location filename="../settings/display.py" />
            <source>Main display: tour</source>
            <translation>Écran principal : séquence</translation>
        </message>
        <message>
            <location filename="../settings/display.py" />
            <source>Main display: view</source>
            <translation>Écran principal : vue</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Maintenance</source>
            <translation>Maintenance</translation>
        </message>
        <message>
            <location filename="../settings/accounts_rights.py" />
            <source>May change</source>
            <translation>Peut modifier</translation>
        </message>
        <message>
            <location filename="../settings/accounts_user_dialogs.py" />
            <source>May sign in</source>
            <translation>Peut se connecter</translation>
        </message>
        <message>
            <location filename="../settings/calculator.py" />
            <source>Measured</source>
            <translation>Mesuré</translation>
        </message>
        <message>
            <location filename="../settings/system_log.py" />
            <source>Message</source>
            <translation>Message</translation>
        </message>
        <message>
            <location filename="../settings/access.py" />
            <source>Mode</source>
            <translation>Mode</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Move to group</source>
            <translation>Déplacer vers le groupe</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Moving…</source>
            <translation>Déplacement…</translation>
        </message>
        <message>
            <location filename="../settings/my_account.py" />
            <source>My account</source>
            <translation>Mon compte</translation>
        </message>
        <message>
            <location filename="../settings/date_time.py" />
            <source>NTP server</source>
            <translation>Serveur NTP</translation>
        </message>
        <message>
            <location filename="../settings/accounts_user_dialogs.py" />
            <location filename="../settings/cameras.py" />
            <location filename="../settings/groups.py" />
            <location filename="../settings/storage.py" />
            <location filename="../settings/users.py" />
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <location filename="../settings/accounts_rights.py" />
            <location filename="../settings/network.py" />
            <source>Network</source>
            <translation>Réseau</translation>
        </message>
        <message>
            <location filename="../settings/host_network.py" />
            <source>Network interfaces of the machine</source>
            <translation>Interfaces réseau de la machine</translation>
        </message>
        <message>
            <location filename="../settings/host_network.py" />
            <source>NetworkManager manages no Ethernet interface here.</source>
            <translation>NetworkManager ne gère ici aucune interface Ethernet.</translation>
        </message>
        <message>
            <location filename="../settings/general.py" />
            <source>Never</source>
            <translation>Jamais</translation>
        </message>
        <message>
            <location filename="../settings/cameras.py" />
            <source>Never (until the disk group overwrites)</source>
            <translation>Jamais (jusqu'à l'écrasement par le groupe de disques)</translation>
        </message>
        <message>
            <location filename="../settings/accounts_user_dialogs.py" />
            <location filename="../settings/my_account.py" />
            <source>New password</source>
            <translation>Nouveau mot de passe</translation>
        </message>
        <message>
            <location filename="../settings/my_account.py" />
            <source>New password again</source>
            <translation>Confirmer le nouveau mot de passe</translation>
        </message>
        <message>
            <location filename="../settings/accounts_user_dialogs.py" />
            <source>New password for {name}</source>
            <translation>Nouveau mot de passe pour {name}</translation>
        </message>
        <message>
            <location filename="../settings/groups.py" />
            <source>New permission group</source>
            <translation>Nouveau groupe de droits</translation>
        </message>
        <message>
            <location filename="../settings/accounts_user_dialogs.py" />
            <source>New user</source>
            <translation>Nouvel utilisateur</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>New volume</source>
            <translation>Nouveau volume</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Newest recording</source>
            <translation>Enregistrement le plus récent</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Next maintenance restart: {time}</source>
            <translation>Prochain redémarrage de maintenance : {time}</translation>
        </message>
        <message>
            <location filename="../settings/cameras.py" />
            <source>No</source>
            <translation>Non</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <location filename="../settings/upgrade.py" />
            <source>No file chosen</source>
            <translation>Aucun fichier choisi</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>No maintenance restart is scheduled.</source>
            <translation>Aucun redémarrage de maintenance n'est programmé.</translation>
        </message>
        <message>
            <location filename="../settings/upgrade.py" />
            <source>No upgrade yet</source>
            <translation>Aucune mise à jour pour l'instant</translation>
        </message>
        <message>
            <location filename="../settings/general.py" />
            <source>Nobody (the console asks)</source>
            <translation>Personne (la console demande)</translation>
        </message>
        <message>
            <location filename="../settings/display.py" />
            <location filename="../settings/host_network.py" />
            <source>None</source>
            <translation>Aucune</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Not initialised</source>
            <translation>Non initialisé</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Not initialised: {errors}</source>
            <translation>Non initialisé : {errors}</translation>
        </message>
        <message>
            <location filename="../settings/cameras.py" />
            <source>Not recorded</source>
            <translation>Non enregistré</translation>
        </message>
        <message>
            <location filename="../settings/system_form.py" />
            <source>Not saved: see the field marked</source>
            <translation>Non enregistré : voir le champ signalé</translation>
        </message>
        <message>
            <location filename="../settings/accounts_user_dialogs.py" />
            <source>Note</source>
            <translation>Note</translation>
        </message>
        <message>
            <location filename="../settings/system_form.py" />
            <source>Nothing changed</source>
            <translation>Rien n'a changé</translation>
        </message>
        <message>
            <location filename="../settings/alarms.py" />
            <source>Notifications</source>
            <translation>Notifications</translation>
        </message>
        <message>
            <location filename="../settings/cameras.py" />
            <source>Offline</source>
            <translation>Hors ligne</translation>
        </message>
        <message>
            <location filename="../settings/system_log.py" />
            <source>Older entries</source>
            <translation>Entrées plus anciennes</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Oldest recording</source>
            <translation>Enregistrement le plus ancien</translation>
        </message>
        <message>
            <location filename="../settings/cameras.py" />
            <source>Online</source>
            <translation>En ligne</translation>
        </message>
        <message>
            <location filename="../settings/sessions.py" />
            <source>Online users</source>
            <translation>Utilisateurs en ligne</translation>
        </message>
        <message>
            <location filename="../settings/system_info.py" />
            <source>Open sessions</source>
            <translation>Sessions ouvertes</translation>
        </message>
        <message>
            <location filename="../settings/general.py" />
            <source>Open the start-up wizard at the console's next start</source>
            <translation>Ouvrir l'assistant de démarrage au prochain démarrage de la console</translation>
        </message>
        <message>
            <location filename="../settings/system_log.py" />
            <source>Operation</source>
            <translation>Opération</translation>
        </message>
        <message>
            <location filename="../settings/system_log.py" />
            <source>Outcome</source>
            <translation>Résultat</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Overwrite the oldest</source>
            <translation>Écraser les plus anciens</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Overwrite the oldest recordings when a volume is full</source>
            <translation>Écraser les enregistrements les plus anciens quand un volume est plein</translation>
        </message>
        <message>
            <location filename="../settings/accounts_rights.py" />
            <source>PTZ</source>
            <translation>PTZ</translation>
        </message>
        <message>
            <location filename="../settings/groups.py" />
            <source>PTZ priority</source>
            <translation>Priorité PTZ</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Passed</source>
            <translation>Réussi</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Passphrase</source>
            <translation>Phrase secrète</translation>
        </message>
        <message>
            <location filename="../settings/accounts_user_dialogs.py" />
            <location filename="../settings/my_account.py" />
            <source>Password</source>
            <translation>Mot de passe</translation>
        </message>
        <message>
            <location filename="../settings/accounts_user_dialogs.py" />
            <source>Password again</source>
            <translation>Confirmer le mot de passe</translation>
        </message>
        <message>
            <location filename="../settings/my_account.py" />
            <source>Password recovery questions</source>
            <translation>Questions de récupération du mot de passe</translation>
        </message>
        <message>
            <location filename="../settings/users.py" />
            <source>Password set</source>
            <translation>Mot de passe défini</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Path</source>
            <translation>Chemin</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Pending sectors: {0}</source>
            <translation>Secteurs en attente : {0}</translation>
        </message>
        <message>
            <location filename="../settings/accounts_user_dialogs.py" />
            <source>Permission group</source>
            <translation>Groupe de droits</translation>
        </message>
        <message>
            <location filename="../settings/groups.py" />
            <source>Permission groups</source>
            <translation>Groupes de droits</translation>
        </message>
        <message>
            <location filename="../settings/system_info.py" />
            <source>Platform</source>
            <translation>Plateforme</translation>
        </message>
        <message>
            <location filename="../settings/system_log.py" />
            <source>Play video</source>
            <translation>Lire la vidéo</translation>
        </message>
        <message>
            <location filename="../settings/accounts_rights.py" />
            <source>Playback</source>
            <translation>Lecture</translation>
        </message>
        <message>
            <location filename="../settings/sessions.py" />
            <source>Playback streams</source>
            <translation>Flux de lecture</translation>
        </message>
        <message>
            <location filename="../settings/system_log.py" />
            <source>Plays the entry's camera from the entry's time</source>
            <translation>Lit la caméra de l'entrée à partir de l'heure de l'entrée</translation>
        </message>
        <message>
            <location filename="../settings/network.py" />
            <source>Ports</source>
            <translation>Ports</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Power-on hours: {0}</source>
            <translation>Heures de fonctionnement : {0}</translation>
        </message>
        <message>
            <location filename="../settings/my_account.py" />
            <source>Question {number}</source>
            <translation>Question {number}</translation>
        </message>
        <message>
            <location filename="../settings/network.py" />
            <source>RTSP clients may watch live without signing in</source>
            <translation>Les clients RTSP peuvent regarder le direct sans se connecter</translation>
        </message>
        <message>
            <location filename="../settings/network.py" />
            <source>RTSP port</source>
            <translation>Port RTSP</translation>
        </message>
        <message>
            <location filename="../settings/access.py" />
            <source>Reading the access filter…</source>
            <translation>Lecture du filtrage d'accès…</translation>
        </message>
        <message>
            <location filename="../settings/groups.py" />
            <source>Reading the groups…</source>
            <translation>Lecture des groupes…</translation>
        </message>
        <message>
            <location filename="../settings/sessions.py" />
            <source>Reading the sessions…</source>
            <translation>Lecture des sessions…</translation>
        </message>
        <message>
            <location filename="../settings/display.py" />
            <location filename="../settings/general.py" />
            <location filename="../settings/system_form.py" />
            <source>Reading the settings…</source>
            <translation>Lecture des paramètres…</translation>
        </message>
        <message>
            <location filename="../settings/users.py" />
            <source>Reading the users…</source>
            <translation>Lecture des utilisateurs…</translation>
        </message>
        <message>
            <location filename="../settings/my_account.py" />
            <source>Reading your account…</source>
            <translation>Lecture de votre compte…</translation>
        </message>
        <message>
            <location filename="../settings/window.py" />
            <source>Reading your rights…</source>
            <translation>Lecture de vos droits…</translation>
        </message>
        <message>
            <location filename="../settings/calculator.py" />
            <location filename="../settings/host_network.py" />
            <location filename="../settings/maintenance.py" />
            <location filename="../settings/system_info.py" />
            <location filename="../settings/table_page.py" />
            <location filename="../settings/upgrade.py" />
            <source>Reading…</source>
            <translation>Lecture…</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Reallocated sectors: {0}</source>
            <translation>Secteurs réalloués : {0}</translation>
        </message>
        <message>
            <location filename="../settings/cameras.py" />
            <source>Record the camera's audio</source>
            <translation>Enregistrer l'audio de la caméra</translation>
        </message>
        <message>
            <location filename="../settings/cameras.py" />
            <source>Recorded</source>
            <translation>Enregistré</translation>
        </message>
        <message>
            <location filename="../settings/calculator.py" />
            <source>Recorded per day: {size}</source>
            <translation>Enregistré par jour : {size}</translation>
        </message>
        <message>
            <location filename="../settings/accounts_rights.py" />
            <location filename="../settings/calculator.py" />
            <location filename="../settings/cameras.py" />
            <source>Recording</source>
            <translation>Enregistrement</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Recording (read-write)</source>
            <translation>Enregistrement (lecture-écriture)</translation>
        </message>
        <message>
            <location filename="../settings/sessions.py" />
            <location filename="../settings/system_info.py" />
            <location filename="../settings/users.py" />
            <source>Refresh</source>
            <translation>Actualiser</translation>
        </message>
        <message>
            <location filename="../settings/upgrade.py" />
            <source>Refused: {reason}</source>
            <translation>Refusé : {reason}</translation>
        </message>
        <message>
            <location filename="../settings/groups.py" />
            <source>Remote clients</source>
            <translation>Clients distants</translation>
        </message>
        <message>
            <location filename="../settings/access.py" />
            <source>Remove entry</source>
            <translation>Retirer l'entrée</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Remove the volume {path}? This server forgets it and its recordings: they are no longer listed or played back (their files stay on the disk). The server refuses while the volume is recording: move it to an empty disk group first.</source>
            <translation>Retirer le volume {path} ? Ce serveur l'oublie avec ses enregistrements : ils ne sont plus listés ni lus (leurs fichiers restent sur le disque). Le serveur refuse tant que le volume enregistre : déplacez-le d'abord dans un groupe de disques vide.</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Remove volume</source>
            <translation>Retirer le volume</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Remove…</source>
            <translation>Retirer…</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Removing…</source>
            <translation>Retrait…</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Reserve</source>
            <translation>Réserve</translation>
        </message>
        <message>
            <location filename="../settings/users.py" />
            <source>Reset password…</source>
            <translation>Réinitialiser le mot de passe…</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Resetting…</source>
            <translation>Réinitialisation…</translation>
        </message>
        <message>
            <location filename="../settings/cameras.py" />
            <source>Resolution (main / sub)</source>
            <translation>Résolution (principal / secondaire)</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Restart at {time}</source>
            <translation>Redémarrage à {time}</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Restart the appliance</source>
            <translation>Redémarrer l'appareil</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Restart the appliance…</source>
            <translation>Redémarrer l'appareil…</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Restart the server</source>
            <translation>Redémarrer le serveur</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Restart the server every</source>
            <translation>Redémarrer le serveur tous les</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Restart the server…</source>
            <translation>Redémarrer le serveur…</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Restart, shutdown and log out</source>
            <translation>Redémarrage, arrêt et déconnexion</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Restore a configuration</source>
            <translation>Restaurer une configuration</translation>
        </message>
        <message>
            <location filename="../settings/users.py" />
            <source>Rights</source>
            <translation>Droits</translation>
        </message>
        <message>
            <location filename="../settings/system_info.py" />
            <source>Running for</source>
            <translation>En marche depuis</translation>
        </message>
        <message>
            <location filename="../settings/upgrade.py" />
            <source>Running version</source>
            <translation>Version en service</translation>
        </message>
        <message>
            <location filename="../settings/access.py" />
            <location filename="../settings/cameras.py" />
            <location filename="../settings/date_time.py" />
            <location filename="../settings/display.py" />
            <location filename="../settings/general.py" />
            <location filename="../settings/groups.py" />
            <location filename="../settings/network.py" />
            <location filename="../settings/storage.py" />
            <source>Save</source>
            <translation>Enregistrer</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Save the configuration</source>
            <translation>Enregistrer la configuration</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Save the configuration to a file…</source>
            <translation>Enregistrer la configuration dans un fichier…</translation>
        </message>
        <message>
            <location filename="../settings/my_account.py" />
            <source>Save the questions</source>
            <translation>Enregistrer les questions</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Save the schedule</source>
            <translation>Enregistrer la programmation</translation>
        </message>
        <message>
            <location filename="../settings/system_form.py" />
            <source>Saved</source>
            <translation>Enregistré</translation>
        </message>
        <message>
            <location filename="../settings/system_form.py" />
            <source>Saved. The change takes effect when the server restarts.</source>
            <translation>Enregistré. La modification prendra effet au redémarrage du serveur.</translation>
        </message>
        <message>
            <location filename="../settings/network.py" />
            <source>Saved: the new ports take effect when the server restarts.</source>
            <translation>Enregistré : les nouveaux ports prennent effet au redémarrage du serveur.</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Saving the configuration…</source>
            <translation>Enregistrement de la configuration…</translation>
        </message>
        <message>
            <location filename="../settings/my_account.py" />
            <source>Saving the questions…</source>
            <translation>Enregistrement des questions…</translation>
        </message>
        <message>
            <location filename="../settings/access.py" />
            <location filename="../settings/cameras.py" />
            <location filename="../settings/groups.py" />
            <location filename="../settings/maintenance.py" />
            <location filename="../settings/storage.py" />
            <location filename="../settings/system_form.py" />
            <source>Saving…</source>
            <translation>Enregistrement…</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Schedule saved</source>
            <translation>Programmation enregistrée</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Scheduled restart</source>
            <translation>Redémarrage programmé</translation>
        </message>
        <message>
            <location filename="../settings/system_log.py" />
            <source>Search</source>
            <translation>Rechercher</translation>
        </message>
        <message>
            <location filename="../settings/system_log.py" />
            <source>Searching…</source>
            <translation>Recherche…</translation>
        </message>
        <message>
            <location filename="../settings/display.py" />
            <source>Secondary display: tour</source>
            <translation>Écran secondaire : séquence</translation>
        </message>
        <message>
            <location filename="../settings/display.py" />
            <source>Secondary display: view</source>
            <translation>Écran secondaire : vue</translation>
        </message>
        <message>
            <location filename="../settings/accounts_rights.py" />
            <source>See alarms</source>
            <translation>Voir les alarmes</translation>
        </message>
        <message>
            <location filename="../settings/accounts_rights.py" />
            <source>See without privacy masks</source>
            <translation>Voir sans masques de confidentialité</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Serial</source>
            <translation>N° de série</translation>
        </message>
        <message>
            <location filename="../settings/system_info.py" />
            <source>Server clock</source>
            <translation>Horloge du serveur</translation>
        </message>
        <message>
            <location filename="../settings/system_info.py" />
            <source>Server id</source>
            <translation>Identifiant du serveur</translation>
        </message>
        <message>
            <location filename="../settings/network.py" />
            <source>Server port</source>
            <translation>Port du serveur</translation>
        </message>
        <message>
            <location filename="../settings/date_time.py" />
            <source>Server time</source>
            <translation>Heure du serveur</translation>
        </message>
        <message>
            <location filename="../settings/date_time.py" />
            <source>Set the server's clock</source>
            <translation>Régler l'horloge du serveur</translation>
        </message>
        <message>
            <location filename="../settings/date_time.py" />
            <source>Setting the clock…</source>
            <translation>Réglage de l'horloge…</translation>
        </message>
        <message>
            <location filename="../settings/window.py" />
            <source>Settings — {server}</source>
            <translation>Paramètres — {server}</translation>
        </message>
        <message>
            <location filename="../settings/display.py" />
            <source>Shown while nobody is logged in; none checked: no video.</source>
            <translation>Affichées tant que personne n'est connecté ; aucune cochée : pas de vidéo.</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Shut down the appliance</source>
            <translation>Éteindre l'appareil</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Shut down the appliance…</source>
            <translation>Éteindre l'appareil…</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Shut the server down</source>
            <translation>Arrêter le serveur</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Shut the server down…</source>
            <translation>Arrêter le serveur…</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Shutdown at {time}</source>
            <translation>Arrêt à {time}</translation>
        </message>
        <message>
            <location filename="../settings/sessions.py" />
            <source>Signed in</source>
            <translation>Connexion</translation>
        </message>
        <message>
            <location filename="../settings/my_account.py" />
            <source>Signed in as {name} from {where}.</source>
            <translation>Connecté en tant que {name} depuis {where}.</translation>
        </message>
        <message>
            <location filename="../settings/upgrade.py" />
            <source>Since {time}</source>
            <translation>Depuis le {time}</translation>
        </message>
        <message>
            <location filename="../settings/network.py" />
            <source>Speed</source>
            <translation>Vitesse</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <location filename="../settings/upgrade.py" />
            <location filename="../settings/users.py" />
            <source>State</source>
            <translation>État</translation>
        </message>
        <message>
            <location filename="../settings/host_network.py" />
            <source>Static address</source>
            <translation>Adresse fixe</translation>
        </message>
        <message>
            <location filename="../settings/cameras.py" />
            <source>Status</source>
            <translation>État</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Stop recording</source>
            <translation>Arrêter l'enregistrement</translation>
        </message>
        <message>
            <location filename="../settings/calculator.py" />
            <location filename="../settings/pages.py" />
            <location filename="../settings/storage.py" />
            <source>Storage</source>
            <translation>Stockage</translation>
        </message>
        <message>
            <location filename="../settings/calculator.py" />
            <source>Storage calculator</source>
            <translation>Calculateur de stockage</translation>
        </message>
        <message>
            <location filename="../settings/accounts_rights.py" />
            <source>Switch outputs</source>
            <translation>Commuter les sorties</translation>
        </message>
        <message>
            <location filename="../settings/accounts_rights.py" />
            <location filename="../settings/host_network.py" />
            <location filename="../settings/maintenance.py" />
            <location filename="../settings/pages.py" />
            <location filename="../settings/system_form.py" />
            <location filename="../settings/system_info.py" />
            <location filename="../settings/system_log.py" />
            <location filename="../settings/upgrade.py" />
            <source>System</source>
            <translation>Système</translation>
        </message>
        <message>
            <location filename="../settings/system_info.py" />
            <source>System information</source>
            <translation>Informations système</translation>
        </message>
        <message>
            <location filename="../settings/accounts_rights.py" />
            <location filename="../settings/system_log.py" />
            <source>System log</source>
            <translation>Journal système</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Take over the volume {path}? Another server initialised it. That server's recordings on it are moved aside on the disk and can no longer be played back, from this server or from that one. (Nothing is deleted from the disk.)</source>
            <translation>Reprendre le volume {path} ? Un autre serveur l'a initialisé. Les enregistrements de ce serveur-là y sont mis de côté sur le disque et ne peuvent plus être lus, ni depuis ce serveur ni depuis l'autre. (Rien n'est supprimé du disque.)</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Temperature: {0} °C</source>
            <translation>Température : {0} °C</translation>
        </message>
        <message>
            <location filename="../settings/system_log.py" />
            <source>Text</source>
            <translation>Texte</translation>
        </message>
        <message>
            <location filename="../settings/system_log.py" />
            <source>Text in the message, action, user, address or details</source>
            <translation>Texte dans le message, l'action, l'utilisateur, l'adresse ou les détails</translation>
        </message>
        <message>
            <location filename="../settings/accounts_user_dialogs.py" />
            <source>The admin account is always enabled</source>
            <translation>Le compte admin est toujours activé</translation>
        </message>
        <message>
            <location filename="../settings/groups.py" />
            <source>The administrator group has every right and cannot be changed.</source>
            <translation>Le groupe administrateur a tous les droits et ne peut pas être modifié.</translation>
        </message>
        <message>
            <location filename="../settings/general.py" />
            <source>The appliance console signs in as this user at start, without a password.</source>
            <translation>Au démarrage, la console de l'enregistreur se connecte avec cet utilisateur, sans mot de passe.</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>The appliance powers off in {seconds} s, once the server has closed its recordings: nothing is recorded until someone switches it on again.</source>
            <translation>L'appareil s'éteint dans {seconds} s, une fois que le serveur a fermé ses enregistrements : plus rien n'est enregistré jusqu'à ce que quelqu'un le rallume.</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>The appliance restarts in {seconds} s, once the server has closed its recordings: every console is signed out and recording pauses until it is back.</source>
            <translation>L'appareil redémarre dans {seconds} s, une fois que le serveur a fermé ses enregistrements : toutes les consoles sont déconnectées et l'enregistrement est suspendu jusqu'à son retour.</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>The configuration becomes the file's ({changes}). Cameras that are not in the file are disabled (their recordings stay), and every other session is ended.</source>
            <translation>La configuration devient celle du fichier ({changes}). Les caméras absentes du fichier sont désactivées (leurs enregistrements restent), et toutes les autres sessions sont terminées.</translation>
        </message>
        <message>
            <location filename="../settings/calculator.py" />
            <source>The current volumes ({size} usable) hold about {days} days</source>
            <translation>Les volumes actuels ({size} utilisables) contiennent environ {days} jours</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>The disk has not been read yet.</source>
            <translation>Le disque n'a pas encore été lu.</translation>
        </message>
        <message>
            <location filename="../settings/host_network.py" />
            <source>The gateway must be another address of {network}</source>
            <translation>La passerelle doit être une autre adresse de {network}</translation>
        </message>
        <message>
            <location filename="../settings/network.py" />
            <source>The interfaces are shown with the system or network right.</source>
            <translation>Les interfaces sont affichées avec le droit système ou réseau.</translation>
        </message>
        <message>
            <location filename="../settings/host_network.py" />
            <source>The machine's interface {interface} takes these settings at once. If this console reaches the server through {interface}, the connection may drop when its address changes: connect again at the new address.</source>
            <translation>L'interface {interface} de la machine prend ces paramètres immédiatement. Si cette console joint le serveur par {interface}, la connexion peut être coupée quand son adresse change : reconnectez-vous à la nouvelle adresse.</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>The passphrase needs at least {count} characters</source>
            <translation>La phrase secrète doit comporter au moins {count} caractères</translation>
        </message>
        <message>
            <location filename="../settings/users.py" />
            <source>The password of {name} is changed; their sessions have ended</source>
            <translation>Le mot de passe de {name} est changé ; ses sessions sont terminées</translation>
        </message>
        <message>
            <location filename="../settings/calculator.py" />
            <source>The same for every channel</source>
            <translation>Le même pour toutes les voies</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>The server is back to its factory settings</source>
            <translation>Le serveur est revenu à ses paramètres d'usine</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>The server restarts in {seconds} s: every console is signed out and recording pauses until it is back.</source>
            <translation>Le serveur redémarre dans {seconds} s : toutes les consoles sont déconnectées et l'enregistrement est suspendu jusqu'à son retour.</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>The server stops in {seconds} s: recording stops until someone starts it again on the host.</source>
            <translation>Le serveur s'arrête dans {seconds} s : l'enregistrement s'arrête jusqu'à ce que quelqu'un le redémarre sur l'hôte.</translation>
        </message>
        <message>
            <location filename="../settings/date_time.py" />
            <source>The server's clock is set</source>
            <translation>L'horloge du serveur est réglée</translation>
        </message>
        <message>
            <location filename="../settings/sessions.py" />
            <source>The session of {name} has ended</source>
            <translation>La session de {name} est terminée</translation>
        </message>
        <message>
            <location filename="../settings/my_account.py" />
            <source>The two new passwords are not the same.</source>
            <translation>Les deux nouveaux mots de passe ne sont pas identiques.</translation>
        </message>
        <message>
            <location filename="../settings/accounts_user_dialogs.py" />
            <source>The two passwords are not the same.</source>
            <translation>Les deux mots de passe ne sont pas identiques.</translation>
        </message>
        <message>
            <location filename="../settings/upgrade.py" />
            <source>The upgrade to {version} failed: {message}</source>
            <translation>La mise à jour vers la version {version} a échoué : {message}</translation>
        </message>
        <message>
            <location filename="../settings/date_time.py" />
            <source>These settings set the server's host clock and time zone.</source>
            <translation>Ces paramètres règlent l'horloge et le fuseau horaire de l'hôte du serveur.</translation>
        </message>
        <message>
            <location filename="../settings/host_network.py" />
            <source>This server does not control the machine it runs on: its network is set on the machine itself.</source>
            <translation>Ce serveur ne contrôle pas la machine sur laquelle il tourne : son réseau se règle sur la machine elle-même.</translation>
        </message>
        <message>
            <location filename="../settings/date_time.py" />
            <source>This server does not manage its host's clock: these settings only choose the zone and formats the consoles show times in. Set the time on the host.</source>
            <translation>Ce serveur ne gère pas l'horloge de son hôte : ces paramètres ne choisissent que le fuseau et les formats d'affichage des heures dans les consoles. Réglez l'heure sur l'hôte.</translation>
        </message>
        <message>
            <location filename="../settings/host_network.py" />
            <source>Those DHCP gives</source>
            <translation>Ceux que donne le DHCP</translation>
        </message>
        <message>
            <location filename="../settings/my_account.py" />
            <source>Three questions only you can answer: at this appliance's screen they let you set a new password when you have forgotten yours.</source>
            <translation>Trois questions auxquelles vous seul pouvez répondre : sur l'écran de cet enregistreur, elles vous permettent de définir un nouveau mot de passe si vous avez oublié le vôtre.</translation>
        </message>
        <message>
            <location filename="../settings/system_log.py" />
            <source>Time</source>
            <translation>Heure</translation>
        </message>
        <message>
            <location filename="../settings/date_time.py" />
            <source>Time format</source>
            <translation>Format d'heure</translation>
        </message>
        <message>
            <location filename="../settings/date_time.py" />
            <source>Time zone</source>
            <translation>Fuseau horaire</translation>
        </message>
        <message>
            <location filename="../settings/system_log.py" />
            <source>To</source>
            <translation>Au</translation>
        </message>
        <message>
            <location filename="../settings/network.py" />
            <source>Traffic of {name} (in: blue, out: amber), last five minutes</source>
            <translation>Trafic de {name} (entrant : bleu, sortant : ambre), cinq dernières minutes</translation>
        </message>
        <message>
            <location filename="../settings/system_log.py" />
            <source>Type</source>
            <translation>Type</translation>
        </message>
        <message>
            <location filename="../settings/date_time.py" />
            <source>UTC{sign}{hours:02d}:{minutes:02d} now; daylight saving time follows the zone</source>
            <translation>UTC{sign}{hours:02d}:{minutes:02d} actuellement ; l'heure d'été suit le fuseau</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Unavailable</source>
            <translation>Indisponible</translation>
        </message>
        <message>
            <location filename="../settings/access.py" />
            <source>Undo changes</source>
            <translation>Annuler les modifications</translation>
        </message>
        <message>
            <location filename="../settings/cameras.py" />
            <location filename="../settings/storage.py" />
            <source>Unknown</source>
            <translation>Inconnu</translation>
        </message>
        <message>
            <location filename="../settings/upgrade.py" />
            <source>Upgrade</source>
            <translation>Mise à jour</translation>
        </message>
        <message>
            <location filename="../settings/upgrade.py" />
            <source>Upload a bundle</source>
            <translation>Envoyer un paquet de mise à jour</translation>
        </message>
        <message>
            <location filename="../settings/upgrade.py" />
            <source>Upload an upgrade bundle</source>
            <translation>Envoyer un paquet de mise à jour</translation>
        </message>
        <message>
            <location filename="../settings/upgrade.py" />
            <source>Uploading and checking…</source>
            <translation>Envoi et vérification…</translation>
        </message>
        <message>
            <location filename="../settings/sessions.py" />
            <location filename="../settings/system_log.py" />
            <source>User</source>
            <translation>Utilisateur</translation>
        </message>
        <message>
            <location filename="../settings/accounts_user_dialogs.py" />
            <source>User {name}</source>
            <translation>Utilisateur {name}</translation>
        </message>
        <message>
            <location filename="../settings/users.py" />
            <source>User {name} added</source>
            <translation>Utilisateur {name} ajouté</translation>
        </message>
        <message>
            <location filename="../settings/users.py" />
            <source>User {name} deleted</source>
            <translation>Utilisateur {name} supprimé</translation>
        </message>
        <message>
            <location filename="../settings/users.py" />
            <source>User {name} disabled; signed out</source>
            <translation>Utilisateur {name} désactivé ; déconnecté</translation>
        </message>
        <message>
            <location filename="../settings/users.py" />
            <source>User {name} enabled</source>
            <translation>Utilisateur {name} activé</translation>
        </message>
        <message>
            <location filename="../settings/users.py" />
            <source>User {name} saved</source>
            <translation>Utilisateur {name} enregistré</translation>
        </message>
        <message>
            <location filename="../settings/groups.py" />
            <location filename="../settings/users.py" />
            <source>Users</source>
            <translation>Utilisateurs</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Vedette configuration (*.vcfg)</source>
            <translation>Configuration Vedette (*.vcfg)</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>Vedette configuration (*.vcfg);;Any file (*)</source>
            <translation>Configuration Vedette (*.vcfg);;Tout fichier (*)</translation>
        </message>
        <message>
            <location filename="../settings/upgrade.py" />
            <source>Vedette upgrade bundle (*.vup);;Any file (*)</source>
            <translation>Paquet de mise à jour Vedette (*.vup);;Tous les fichiers (*)</translation>
        </message>
        <message>
            <location filename="../settings/system_info.py" />
            <source>Version</source>
            <translation>Version</translation>
        </message>
        <message>
            <location filename="../settings/upgrade.py" />
            <source>Version {version} installed</source>
            <translation>Version {version} installée</translation>
        </message>
        <message>
            <location filename="../settings/upgrade.py" />
            <source>Version {version} verified; waiting for the machine to install it</source>
            <translation>Version {version} vérifiée ; en attente de son installation par la machine</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Volume {path} added: {state}. Initialise it to record on it.</source>
            <translation>Volume {path} ajouté : {state}. Initialisez-le pour y enregistrer.</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>Volume {path} removed</source>
            <translation>Volume {path} retiré</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <location filename="../settings/system_info.py" />
            <source>Volumes</source>
            <translation>Volumes</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>When full</source>
            <translation>Quand plein</translation>
        </message>
        <message>
            <location filename="../settings/sessions.py" />
            <source>Where</source>
            <translation>Depuis</translation>
        </message>
        <message>
            <location filename="../settings/cameras.py" />
            <source>Yes</source>
            <translation>Oui</translation>
        </message>
        <message>
            <location filename="../settings/window.py" />
            <source>You have no right to see or change any settings.</source>
            <translation>Vous n'avez le droit de voir ni de modifier aucun paramètre.</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>You have no right to see the disk groups.</source>
            <translation>Vous n'avez pas le droit de voir les groupes de disques.</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>You have no right to see the volumes.</source>
            <translation>Vous n'avez pas le droit de voir les volumes.</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>You logged out.</source>
            <translation>Vous êtes déconnecté.</translation>
        </message>
        <message>
            <location filename="../settings/my_account.py" />
            <source>Your password is changed; your other sessions have ended</source>
            <translation>Votre mot de passe est changé ; vos autres sessions sont terminées</translation>
        </message>
        <message>
            <location filename="../settings/my_account.py" />
            <source>Your recovery questions are saved</source>
            <translation>Vos questions de récupération sont enregistrées</translation>
        </message>
        <message>
            <location filename="../settings/window.py" />
            <source>Your rights could not be read: {reason}</source>
            <translation>Impossible de lire vos droits : {reason}</translation>
        </message>
        <message>
            <location filename="../settings/my_account.py" />
            <source>a remote client</source>
            <translation>un client distant</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>add</source>
            <translation>ajout</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>at once</source>
            <translation>immédiatement</translation>
        </message>
        <message>
            <location filename="../settings/groups.py" />
            <source>built-in</source>
            <translation>intégré</translation>
        </message>
        <message>
            <location filename="../settings/groups.py" />
            <source>built-in, every right</source>
            <translation>intégré, tous droits</translation>
        </message>
        <message>
            <location filename="../settings/host_network.py" />
            <source>cable connected</source>
            <translation>câble branché</translation>
        </message>
        <message>
            <location filename="../settings/accounts_rights.py" />
            <location filename="../settings/system_log.py" />
            <source>camera #{id}</source>
            <translation>caméra n° {id}</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>change</source>
            <translation>modification</translation>
        </message>
        <message>
            <location filename="../settings/groups.py" />
            <source>custom</source>
            <translation>personnalisé</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>days at</source>
            <translation>jours à</translation>
        </message>
        <message>
            <location filename="../settings/groups.py" />
            <source>default for its rights</source>
            <translation>par défaut selon ses droits</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>disable</source>
            <translation>désactivation</translation>
        </message>
        <message>
            <location filename="../settings/users.py" />
            <source>disabled</source>
            <translation>désactivé</translation>
        </message>
        <message>
            <location filename="../settings/network.py" />
            <source>down</source>
            <translation>inactive</translation>
        </message>
        <message>
            <location filename="../settings/users.py" />
            <source>enabled</source>
            <translation>activé</translation>
        </message>
        <message>
            <location filename="../settings/users.py" />
            <source>every right</source>
            <translation>tous les droits</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>in disk group</source>
            <translation>dans le groupe de disques</translation>
        </message>
        <message>
            <location filename="../settings/accounts_user_dialogs.py" />
            <source>letters, digits, . _ - @</source>
            <translation>lettres, chiffres, . _ - @</translation>
        </message>
        <message>
            <location filename="../settings/sessions.py" />
            <source>local</source>
            <translation>local</translation>
        </message>
        <message>
            <location filename="../settings/host_network.py" />
            <source>no address</source>
            <translation>aucune adresse</translation>
        </message>
        <message>
            <location filename="../settings/host_network.py" />
            <source>no link</source>
            <translation>pas de liaison</translation>
        </message>
        <message>
            <location filename="../settings/users.py" />
            <source>none</source>
            <translation>aucun</translation>
        </message>
        <message>
            <location filename="../settings/accounts_user_dialogs.py" />
            <source>none; or aa:bb:cc:dd:ee:ff to sign in from</source>
            <translation>aucune ; ou aa:bb:cc:dd:ee:ff depuis laquelle se connecter</translation>
        </message>
        <message>
            <location filename="../settings/sessions.py" />
            <source>remote</source>
            <translation>distant</translation>
        </message>
        <message>
            <location filename="../settings/maintenance.py" />
            <source>remove</source>
            <translation>suppression</translation>
        </message>
        <message>
            <location filename="../settings/host_network.py" />
            <source>set by the machine's configuration</source>
            <translation>réglée par la configuration de la machine</translation>
        </message>
        <message>
            <location filename="../settings/host_network.py" />
            <source>set here</source>
            <translation>réglée ici</translation>
        </message>
        <message>
            <location filename="../settings/users.py" />
            <source>the group's</source>
            <translation>ceux du groupe</translation>
        </message>
        <message>
            <location filename="../settings/my_account.py" />
            <location filename="../settings/sessions.py" />
            <source>this appliance</source>
            <translation>cet enregistreur</translation>
        </message>
        <message>
            <location filename="../settings/network.py" />
            <source>unknown</source>
            <translation>inconnu</translation>
        </message>
        <message>
            <location filename="../settings/network.py" />
            <source>up</source>
            <translation>active</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>{0}, {1} °C</source>
            <translation>{0}, {1} °C</translation>
        </message>
        <message>
            <location filename="../settings/host_network.py" />
            <source>{address} is the network's own address or its broadcast address</source>
            <translation>{address} est l'adresse du réseau lui-même ou son adresse de diffusion</translation>
        </message>
        <message>
            <location filename="../settings/system_info.py" />
            <source>{cameras}: {online} online, {recording} recording</source>
            <translation>{cameras} : {online} en ligne, {recording} en enregistrement</translation>
        </message>
        <message numerus="yes">
            <location filename="../settings/system_info.py" />
            <source>{count} cameras</source>
            <extracomment>Singular: {count} camera</extracomment>
            <translation>
                <numerusform>{count} caméra</numerusform>
                <numerusform>{count} caméras</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../settings/display.py" />
            <source>{count} cameras shown while logged out</source>
            <extracomment>Singular: {count} camera shown while logged out</extracomment>
            <translation>
                <numerusform>{count} caméra affichée hors connexion</numerusform>
                <numerusform>{count} caméras affichées hors connexion</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../settings/maintenance.py" />
            <source>{count} changes</source>
            <extracomment>Singular: {count} change</extracomment>
            <translation>
                <numerusform>{count} modification</numerusform>
                <numerusform>{count} modifications</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../settings/system_info.py" />
            <source>{count} days</source>
            <extracomment>Singular: {count} day</extracomment>
            <translation>
                <numerusform>{count} jour</numerusform>
                <numerusform>{count} jours</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../settings/system_log.py" />
            <source>{count} entries</source>
            <extracomment>Singular: {count} entry</extracomment>
            <translation>
                <numerusform>{count} entrée</numerusform>
                <numerusform>{count} entrées</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../settings/sessions.py" />
            <source>{count} open sessions</source>
            <extracomment>Singular: {count} open session</extracomment>
            <translation>
                <numerusform>{count} session ouverte</numerusform>
                <numerusform>{count} sessions ouvertes</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../settings/users.py" />
            <source>{count} users</source>
            <extracomment>Singular: {count} user</extracomment>
            <translation>
                <numerusform>{count} utilisateur</numerusform>
                <numerusform>{count} utilisateurs</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../settings/system_info.py" />
            <source>{count} volumes</source>
            <extracomment>Singular: {count} volume</extracomment>
            <translation>
                <numerusform>{count} volume</numerusform>
                <numerusform>{count} volumes</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../settings/storage.py" />
            <source>{count} volumes initialised</source>
            <extracomment>Singular: {count} volume initialised</extracomment>
            <translation>
                <numerusform>{count} volume initialisé</numerusform>
                <numerusform>{count} volumes initialisés</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../settings/cameras.py" />
            <source>{days} days</source>
            <translation>{days} jours</translation>
        </message>
        <message>
            <location filename="../settings/host_network.py" />
            <source>{interface} now has {address}</source>
            <translation>{interface} a maintenant {address}</translation>
        </message>
        <message>
            <location filename="../settings/network.py" />
            <source>{mbps} Mbit/s</source>
            <translation>{mbps} Mbit/s</translation>
        </message>
        <message>
            <location filename="../settings/system_info.py" />
            <source>{name} (number {number})</source>
            <translation>{name} (numéro {number})</translation>
        </message>
        <message>
            <location filename="../settings/sessions.py" />
            <source>{name} (you)</source>
            <translation>{name} (vous)</translation>
        </message>
        <message>
            <location filename="../settings/storage.py" />
            <source>{path} is in disk group {group}</source>
            <translation>{path} est dans le groupe de disques {group}</translation>
        </message>
        <message>
            <location filename="../settings/users.py" />
            <source>{state}, protected</source>
            <translation>{state}, protégé</translation>
        </message>
        <message>
            <location filename="../settings/units.py" />
            <source>{value} GB</source>
            <translation>{value} Go</translation>
        </message>
        <message>
            <location filename="../settings/units.py" />
            <source>{value} MB</source>
            <translation>{value} Mo</translation>
        </message>
        <message>
            <location filename="../settings/units.py" />
            <source>{value} Mbit/s</source>
            <translation>{value} Mbit/s</translation>
        </message>
        <message>
            <location filename="../settings/units.py" />
            <source>{value} TB</source>
            <translation>{value} To</translation>
        </message>
        <message>
            <location filename="../settings/host_network.py" />
            <source>{value} is not an IPv4 address</source>
            <translation>{value} n'est pas une adresse IPv4</translation>
        </message>
        <message>
            <location filename="../settings/calculator.py" />
            <source>{value} is not between 0 and {maximum}</source>
            <translation>{value} n'est pas compris entre 0 et {maximum}</translation>
        </message>
        <message>
            <location filename="../settings/units.py" />
            <source>{value} kbit/s</source>
            <translation>{value} kbit/s</translation>
        </message>
        <message>
            <location filename="../settings/system_info.py" />
            <source>{volumes}: {free:.1f} GB free of {capacity:.1f} GB</source>
            <translation>{volumes} : {free:.1f} Go libres sur {capacity:.1f} Go</translation>
        </message>
        <message>
            <location filename="../settings/calculator.py" />
            <source>“{text}” is not a number</source>
            <translation>« {text} » n'est pas un nombre</translation>
        </message>
    </context>
</TS>
