<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>AlarmDesk</name>
        <message>
            <source>Alarm list</source>
            <translation>Liste des alarmes</translation>
        </message>
        <message>
            <source>Alarm status</source>
            <translation>État des alarmes</translation>
        </message>
        <message>
            <source>This alarm has no recording to play</source>
            <translation>Cette alarme n'a pas d'enregistrement à lire</translation>
        </message>
    </context>
    <context>
        <name>AlarmDetail</name>
        <message>
            <source>Activities</source>
            <translation>Activités</translation>
        </message>
        <message>
            <source>Cameras: {names}</source>
            <translation>Caméras : {names}</translation>
        </message>
        <message>
            <source>Change</source>
            <translation>Modification</translation>
        </message>
        <message>
            <source>Instructions: {text}</source>
            <translation>Consignes : {text}</translation>
        </message>
        <message>
            <source>No alarm selected</source>
            <translation>Aucune alarme sélectionnée</translation>
        </message>
        <message>
            <source>No camera (server-wide)</source>
            <translation>Aucune caméra (tout le serveur)</translation>
        </message>
        <message>
            <source>Play</source>
            <translation>Lire</translation>
        </message>
        <message>
            <source>Play the alarm's cameras from before its first trigger</source>
            <translation>Lire les caméras de l'alarme depuis un peu avant son premier déclenchement</translation>
        </message>
        <message>
            <source>Text</source>
            <translation>Texte</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Heure</translation>
        </message>
        <message>
            <source>What</source>
            <translation>Quoi</translation>
        </message>
        <message>
            <source>Who</source>
            <translation>Qui</translation>
        </message>
        <message>
            <source>nobody</source>
            <translation>personne</translation>
        </message>
        <message>
            <source>{state} · {priority} · rule “{rule}” · {count} trigger(s) · owner {owner}</source>
            <translation>{state} · {priority} · règle « {rule} » · {count} déclenchement(s) · responsable {owner}</translation>
        </message>
    </context>
    <context>
        <name>AlarmListView</name>
        <message>
            <source>Acknowledge</source>
            <translation>Acquitter</translation>
        </message>
        <message>
            <source>Alarm {id}: {reason}</source>
            <translation>Alarme {id} : {reason}</translation>
        </message>
        <message>
            <source>Alarms</source>
            <translation>Alarmes</translation>
        </message>
        <message>
            <source>Any camera</source>
            <translation>Toutes les caméras</translation>
        </message>
        <message>
            <source>Assign</source>
            <translation>Attribuer</translation>
        </message>
        <message>
            <source>Assign…</source>
            <translation>Attribuer…</translation>
        </message>
        <message>
            <source>Close…</source>
            <translation>Clôturer…</translation>
        </message>
        <message>
            <source>Comment</source>
            <translation>Commentaire</translation>
        </message>
        <message>
            <source>Comment…</source>
            <translation>Commenter…</translation>
        </message>
        <message>
            <source>Hold</source>
            <translation>Mettre en attente</translation>
        </message>
        <message>
            <source>Manual alarm</source>
            <translation>Alarme manuelle</translation>
        </message>
        <message>
            <source>Manual alarm…</source>
            <translation>Alarme manuelle…</translation>
        </message>
        <message>
            <source>Reopen</source>
            <translation>Rouvrir</translation>
        </message>
        <message>
            <source>Resume</source>
            <translation>Reprendre</translation>
        </message>
        <message>
            <source>Search title, rule, category, owner</source>
            <translation>Rechercher titre, règle, catégorie, responsable</translation>
        </message>
        <message>
            <source>Take</source>
            <translation>Prendre en charge</translation>
        </message>
        <message>
            <source>The alarms could not be read: {error}</source>
            <translation>Impossible de lire les alarmes : {error}</translation>
        </message>
        <message>
            <source>User name</source>
            <translation>Nom d'utilisateur</translation>
        </message>
        <message>
            <source>What is happening</source>
            <translation>Ce qui se passe</translation>
        </message>
        <message>
            <source>someone</source>
            <translation>quelqu'un</translation>
        </message>
        <message>
            <source>{count} alarms selected</source>
            <translation>{count} alarmes sélectionnées</translation>
        </message>
        <message>
            <source>“{title}” was changed by {actor} meanwhile; reloaded.</source>
            <translation>« {title} » a été modifiée entre-temps par {actor} ; rechargée.</translation>
        </message>
    </context>
    <context>
        <name>AlarmStatusPage</name>
        <message>
            <source>Alarm</source>
            <translation>Alarme</translation>
        </message>
        <message>
            <source>Alarm status</source>
            <translation>État des alarmes</translation>
        </message>
        <message>
            <source>By</source>
            <translation>Par</translation>
        </message>
        <message>
            <source>Clear buzzer</source>
            <translation>Arrêter le buzzer</translation>
        </message>
        <message>
            <source>Count</source>
            <translation>Nombre</translation>
        </message>
        <message>
            <source>Open alarms</source>
            <translation>Alarmes ouvertes</translation>
        </message>
        <message>
            <source>Output or device</source>
            <translation>Sortie ou périphérique</translation>
        </message>
        <message>
            <source>Outputs and I/O devices</source>
            <translation>Sorties et périphériques d'E/S</translation>
        </message>
        <message>
            <source>Owner</source>
            <translation>Responsable</translation>
        </message>
        <message>
            <source>Play recording</source>
            <translation>Lire l'enregistrement</translation>
        </message>
        <message>
            <source>Play the selected alarm's cameras at the alarm</source>
            <translation>Lire les caméras de l'alarme sélectionnée au moment de l'alarme</translation>
        </message>
        <message>
            <source>Priority</source>
            <translation>Priorité</translation>
        </message>
        <message>
            <source>Silence the alarm sound on every console</source>
            <translation>Couper le son d'alarme sur toutes les consoles</translation>
        </message>
        <message>
            <source>Silence this console for five minutes</source>
            <translation>Couper le son de cette console pendant cinq minutes</translation>
        </message>
        <message>
            <source>Since</source>
            <translation>Depuis</translation>
        </message>
        <message>
            <source>Snooze 5 min</source>
            <translation>Silence 5 min</translation>
        </message>
        <message>
            <source>Sound: on (a high-priority alarm is new)</source>
            <translation>Son : actif (nouvelle alarme de priorité haute)</translation>
        </message>
        <message>
            <source>Sound: quiet</source>
            <translation>Son : silencieux</translation>
        </message>
        <message>
            <source>Sound: snoozed</source>
            <translation>Son : suspendu</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>Source</translation>
        </message>
        <message>
            <source>State</source>
            <translation>État</translation>
        </message>
        <message>
            <source>Until</source>
            <translation>Jusqu'à</translation>
        </message>
        <message>
            <source>off</source>
            <translation>désactivé</translation>
        </message>
        <message>
            <source>offline: {why}</source>
            <translation>hors ligne : {why}</translation>
        </message>
        <message>
            <source>on</source>
            <translation>activé</translation>
        </message>
        <message>
            <source>online</source>
            <translation>en ligne</translation>
        </message>
    </context>
    <context>
        <name>AlarmTableModel</name>
        <message>
            <source>{state} (escalated)</source>
            <translation>{state} (escaladée)</translation>
        </message>
    </context>
    <context>
        <name>Alarms</name>
        <message>
            <source>+{count} more</source>
            <translation>+{count} autres</translation>
        </message>
        <message>
            <source>All</source>
            <translation>Toutes</translation>
        </message>
        <message>
            <source>Any priority</source>
            <translation>Toutes priorités</translation>
        </message>
        <message>
            <source>Camera</source>
            <translation>Caméra</translation>
        </message>
        <message>
            <source>Camera offline</source>
            <translation>Caméra hors ligne</translation>
        </message>
        <message>
            <source>Camera {id}</source>
            <translation>Caméra {id}</translation>
        </message>
        <message>
            <source>Closed</source>
            <translation>Clôturée</translation>
        </message>
        <message>
            <source>Closed by the system</source>
            <translation>Clôturée par le système</translation>
        </message>
        <message>
            <source>Count</source>
            <translation>Nombre</translation>
        </message>
        <message>
            <source>Disk error</source>
            <translation>Erreur de disque</translation>
        </message>
        <message>
            <source>Disk failing (S.M.A.R.T.)</source>
            <translation>Disque défaillant (S.M.A.R.T.)</translation>
        </message>
        <message>
            <source>Disk full</source>
            <translation>Disque plein</translation>
        </message>
        <message>
            <source>Disk removed</source>
            <translation>Disque retiré</translation>
        </message>
        <message>
            <source>False alarm</source>
            <translation>Fausse alarme</translation>
        </message>
        <message>
            <source>High</source>
            <translation>Haute</translation>
        </message>
        <message>
            <source>High and medium</source>
            <translation>Haute et moyenne</translation>
        </message>
        <message>
            <source>I/O device offline</source>
            <translation>Module d'E/S hors ligne</translation>
        </message>
        <message>
            <source>I/O device {device} back online</source>
            <translation>module d'E/S {device} de nouveau en ligne</translation>
        </message>
        <message>
            <source>I/O device {device} offline</source>
            <translation>module d'E/S {device} hors ligne</translation>
        </message>
        <message>
            <source>I/O device {device} offline: {detail}</source>
            <translation>module d'E/S {device} hors ligne : {detail}</translation>
        </message>
        <message>
            <source>IP address {address} ({interface}) also used by {other}</source>
            <translation>adresse IP {address} ({interface}) utilisée aussi par {other}</translation>
        </message>
        <message>
            <source>IP address {address} ({interface}) no longer used by {other}</source>
            <translation>adresse IP {address} ({interface}) plus utilisée par {other}</translation>
        </message>
        <message>
            <source>IP conflict</source>
            <translation>Conflit d'adresse IP</translation>
        </message>
        <message>
            <source>Illegal access</source>
            <translation>Accès illégal</translation>
        </message>
        <message>
            <source>In progress</source>
            <translation>En cours</translation>
        </message>
        <message>
            <source>Last</source>
            <translation>Dernière</translation>
        </message>
        <message>
            <source>Low</source>
            <translation>Basse</translation>
        </message>
        <message>
            <source>Manual alarm</source>
            <translation>Alarme manuelle</translation>
        </message>
        <message>
            <source>Medium</source>
            <translation>Moyenne</translation>
        </message>
        <message>
            <source>Network down</source>
            <translation>Réseau coupé</translation>
        </message>
        <message>
            <source>New</source>
            <translation>Nouvelle</translation>
        </message>
        <message>
            <source>No disk</source>
            <translation>Aucun disque</translation>
        </message>
        <message>
            <source>On hold</source>
            <translation>En attente</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>Ouverte</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>Autre</translation>
        </message>
        <message>
            <source>Owner</source>
            <translation>Responsable</translation>
        </message>
        <message>
            <source>Priority</source>
            <translation>Priorité</translation>
        </message>
        <message>
            <source>Rule</source>
            <translation>Règle</translation>
        </message>
        <message>
            <source>Server</source>
            <translation>Serveur</translation>
        </message>
        <message>
            <source>State</source>
            <translation>État</translation>
        </message>
        <message>
            <source>Technical fault</source>
            <translation>Défaut technique</translation>
        </message>
        <message>
            <source>Test</source>
            <translation>Test</translation>
        </message>
        <message>
            <source>Title</source>
            <translation>Titre</translation>
        </message>
        <message>
            <source>True alarm</source>
            <translation>Alarme réelle</translation>
        </message>
        <message>
            <source>a volume is writable again</source>
            <translation>un volume est de nouveau inscriptible</translation>
        </message>
        <message>
            <source>action</source>
            <translation>action</translation>
        </message>
        <message>
            <source>assigned</source>
            <translation>attribution</translation>
        </message>
        <message>
            <source>camera {camera} offline</source>
            <translation>caméra {camera} hors ligne</translation>
        </message>
        <message>
            <source>camera {camera} offline ({reason})</source>
            <translation>caméra {camera} hors ligne ({reason})</translation>
        </message>
        <message>
            <source>camera {camera} online again</source>
            <translation>caméra {camera} de nouveau en ligne</translation>
        </message>
        <message>
            <source>category</source>
            <translation>catégorie</translation>
        </message>
        <message>
            <source>closed by itself</source>
            <translation>clôture automatique</translation>
        </message>
        <message>
            <source>comment</source>
            <translation>commentaire</translation>
        </message>
        <message>
            <source>created</source>
            <translation>création</translation>
        </message>
        <message>
            <source>escalated</source>
            <translation>escalade</translation>
        </message>
        <message>
            <source>illegal access: {failures} failed logins as {user} from {peer}</source>
            <translation>accès illégal : {failures} connexions échouées en tant que {user} depuis {peer}</translation>
        </message>
        <message>
            <source>input {input} active</source>
            <translation>entrée {input} active</translation>
        </message>
        <message>
            <source>input {input} inactive</source>
            <translation>entrée {input} inactive</translation>
        </message>
        <message>
            <source>motion on camera {camera}</source>
            <translation>mouvement sur la caméra {camera}</translation>
        </message>
        <message>
            <source>network {interface} is down</source>
            <translation>le réseau {interface} est coupé</translation>
        </message>
        <message>
            <source>network {interface} is down: {why}</source>
            <translation>le réseau {interface} est coupé : {why}</translation>
        </message>
        <message>
            <source>network {interface} is up again</source>
            <translation>le réseau {interface} est rétabli</translation>
        </message>
        <message>
            <source>no volume to record to</source>
            <translation>aucun volume où enregistrer</translation>
        </message>
        <message>
            <source>priority</source>
            <translation>priorité</translation>
        </message>
        <message>
            <source>state</source>
            <translation>état</translation>
        </message>
        <message>
            <source>system</source>
            <translation>système</translation>
        </message>
        <message>
            <source>triggered again</source>
            <translation>nouveau déclenchement</translation>
        </message>
        <message>
            <source>volume {volume} ({path}) disk error</source>
            <translation>volume {volume} ({path}) : erreur de disque</translation>
        </message>
        <message>
            <source>volume {volume} ({path}) disk error: {why}</source>
            <translation>volume {volume} ({path}) : erreur de disque : {why}</translation>
        </message>
        <message>
            <source>volume {volume} ({path}) disk full</source>
            <translation>volume {volume} ({path}) : disque plein</translation>
        </message>
        <message>
            <source>volume {volume} ({path}) disk full: {why}</source>
            <translation>volume {volume} ({path}) : disque plein : {why}</translation>
        </message>
        <message>
            <source>volume {volume} ({path}) disk removed</source>
            <translation>volume {volume} ({path}) : disque retiré</translation>
        </message>
        <message>
            <source>volume {volume} ({path}) disk removed: {why}</source>
            <translation>volume {volume} ({path}) : disque retiré : {why}</translation>
        </message>
        <message>
            <source>volume {volume} ({path}) is {state}</source>
            <translation>volume {volume} ({path}) : état {state}</translation>
        </message>
        <message>
            <source>volume {volume} ({path}): disk {device} failing (S.M.A.R.T.)</source>
            <translation>volume {volume} ({path}) : disque {device} défaillant (S.M.A.R.T.)</translation>
        </message>
        <message>
            <source>volume {volume} ({path}): disk {device} failing (S.M.A.R.T.): {why}</source>
            <translation>volume {volume} ({path}) : disque {device} défaillant (S.M.A.R.T.) : {why}</translation>
        </message>
        <message>
            <source>volume {volume} ({path}): disk {device} passes</source>
            <translation>volume {volume} ({path}) : disque {device} en bon état</translation>
        </message>
        <message>
            <source>volume {volume} ({path}): writing camera {camera} failed: {why}</source>
            <translation>volume {volume} ({path}) : échec d’écriture de la caméra {camera} : {why}</translation>
        </message>
        <message>
            <source>{kind} on camera {camera} (ONVIF {topic})</source>
            <translation>{kind} sur la caméra {camera} (ONVIF {topic})</translation>
        </message>
        <message>
            <source>{rule}: {message}</source>
            <translation>{rule} : {message}</translation>
        </message>
    </context>
    <context>
        <name>ApplianceFlow</name>
        <message>
            <source>Automatic sign-in refused: {reason}</source>
            <translation>Connexion automatique refusée : {reason}</translation>
        </message>
    </context>
    <context>
        <name>AudioDecoder</name>
        <message>
            <source>unsupported audio codec {codec}</source>
            <translation>codec audio non pris en charge : {codec}</translation>
        </message>
    </context>
    <context>
        <name>BackupDialog</name>
        <message>
            <source> ({gb} GB free)</source>
            <translation> ({gb} Go libres)</translation>
        </message>
        <message>
            <source>AVI</source>
            <translation>AVI</translation>
        </message>
        <message>
            <source>Back up recordings</source>
            <translation>Sauvegarder des enregistrements</translation>
        </message>
        <message>
            <source>Backup folder</source>
            <translation>Dossier de sauvegarde</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>Parcourir…</translation>
        </message>
        <message>
            <source>Burn in watermark</source>
            <translation>Incruster le filigrane</translation>
        </message>
        <message>
            <source>Cameras</source>
            <translation>Caméras</translation>
        </message>
        <message>
            <source>Choose at least one camera.</source>
            <translation>Choisissez au moins une caméra.</translation>
        </message>
        <message>
            <source>Destination</source>
            <translation>Destination</translation>
        </message>
        <message>
            <source>Draw each camera's watermark text into the exported pictures (re-encoded)</source>
            <translation>Incruster le texte du filigrane de chaque caméra dans les images exportées (réencodées)</translation>
        </message>
        <message>
            <source>Format</source>
            <translation>Format</translation>
        </message>
        <message>
            <source>From</source>
            <translation>Du</translation>
        </message>
        <message>
            <source>MKV</source>
            <translation>MKV</translation>
        </message>
        <message>
            <source>MP4 (any player)</source>
            <translation>MP4 (tout lecteur)</translation>
        </message>
        <message>
            <source>Native (every stream, offline player)</source>
            <translation>Natif (tous les flux, lecteur hors ligne)</translation>
        </message>
        <message>
            <source>Server folder</source>
            <translation>Dossier du serveur</translation>
        </message>
        <message>
            <source>Start backup</source>
            <translation>Lancer la sauvegarde</translation>
        </message>
        <message>
            <source>The end must be after the start.</source>
            <translation>La fin doit être après le début.</translation>
        </message>
        <message>
            <source>This computer</source>
            <translation>Cet ordinateur</translation>
        </message>
        <message>
            <source>To</source>
            <translation>Au</translation>
        </message>
        <message>
            <source>sub-folder (optional), e.g. case-2041</source>
            <translation>sous-dossier (facultatif), p. ex. dossier-2041</translation>
        </message>
    </context>
    <context>
        <name>BackupView</name>
        <message>
            <source>Backup status</source>
            <translation>État des sauvegardes</translation>
        </message>
        <message>
            <source>Backup {id} downloaded to {folder}</source>
            <translation>Sauvegarde {id} téléchargée dans {folder}</translation>
        </message>
        <message>
            <source>Backup {id} started</source>
            <translation>Sauvegarde {id} lancée</translation>
        </message>
        <message>
            <source>Backup {id}: its files are not on this computer (download or open the server folder to verify)</source>
            <translation>Sauvegarde {id} : ses fichiers ne sont pas sur cet ordinateur (téléchargez-les ou ouvrez le dossier du serveur pour vérifier)</translation>
        </message>
        <message>
            <source>Backup {id}: {details}</source>
            <translation>Sauvegarde {id} : {details}</translation>
        </message>
        <message>
            <source>Cameras</source>
            <translation>Caméras</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Annuler</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Supprimer</translation>
        </message>
        <message>
            <source>Destination</source>
            <translation>Destination</translation>
        </message>
        <message>
            <source>ETA</source>
            <translation>Fin estimée</translation>
        </message>
        <message>
            <source>Format</source>
            <translation>Format</translation>
        </message>
        <message>
            <source>NOT authentic</source>
            <translation>NON authentique</translation>
        </message>
        <message>
            <source>New backup…</source>
            <translation>Nouvelle sauvegarde…</translation>
        </message>
        <message>
            <source>Pause</source>
            <translation>Pause</translation>
        </message>
        <message>
            <source>Progress</source>
            <translation>Progression</translation>
        </message>
        <message>
            <source>Range</source>
            <translation>Période</translation>
        </message>
        <message>
            <source>Resume</source>
            <translation>Reprendre</translation>
        </message>
        <message>
            <source>Select a backup first</source>
            <translation>Sélectionnez d'abord une sauvegarde</translation>
        </message>
        <message>
            <source>State</source>
            <translation>État</translation>
        </message>
        <message>
            <source>Verified</source>
            <translation>Vérifiée</translation>
        </message>
        <message>
            <source>Verify</source>
            <translation>Vérifier</translation>
        </message>
        <message>
            <source>Verify a file…</source>
            <translation>Vérifier un fichier…</translation>
        </message>
        <message>
            <source>Verify an export</source>
            <translation>Vérifier une exportation</translation>
        </message>
        <message>
            <source>Verify: {error}</source>
            <translation>Vérification : {error}</translation>
        </message>
        <message>
            <source>authentic</source>
            <translation>authentique</translation>
        </message>
        <message>
            <source>cancelled</source>
            <translation>annulée</translation>
        </message>
        <message>
            <source>done</source>
            <translation>terminée</translation>
        </message>
        <message>
            <source>event/tag</source>
            <translation>événement/repère</translation>
        </message>
        <message>
            <source>failed</source>
            <translation>échouée</translation>
        </message>
        <message>
            <source>paused</source>
            <translation>en pause</translation>
        </message>
        <message>
            <source>queued</source>
            <translation>en file d'attente</translation>
        </message>
        <message>
            <source>running</source>
            <translation>en cours</translation>
        </message>
        <message>
            <source>server (for download)</source>
            <translation>serveur (à télécharger)</translation>
        </message>
        <message>
            <source>server: {folder}</source>
            <translation>serveur : {folder}</translation>
        </message>
        <message>
            <source>this computer: {folder}</source>
            <translation>cet ordinateur : {folder}</translation>
        </message>
        <message>
            <source>unknown signer</source>
            <translation>signataire inconnu</translation>
        </message>
        <message>
            <source>{count} backups, {running} in progress</source>
            <translation>{count} sauvegardes, {running} en cours</translation>
        </message>
        <message>
            <source>{seconds} s</source>
            <translation>{seconds} s</translation>
        </message>
    </context>
    <context>
        <name>CameraAddDialog</name>
        <message>
            <source>Add cameras — {server}</source>
            <translation>Ajouter des caméras — {server}</translation>
        </message>
        <message>
            <source>Find ONVIF cameras</source>
            <translation>Rechercher des caméras ONVIF</translation>
        </message>
        <message>
            <source>RTSP URL</source>
            <translation>URL RTSP</translation>
        </message>
    </context>
    <context>
        <name>CameraEditDialog</name>
        <message>
            <source>Edit camera — {name}</source>
            <translation>Modifier la caméra — {name}</translation>
        </message>
        <message>
            <source>General</source>
            <translation>Général</translation>
        </message>
        <message>
            <source>Motion</source>
            <translation>Mouvement</translation>
        </message>
        <message>
            <source>Overlays</source>
            <translation>Incrustations</translation>
        </message>
        <message>
            <source>Picture</source>
            <translation>Image</translation>
        </message>
        <message>
            <source>Privacy</source>
            <translation>Confidentialité</translation>
        </message>
        <message>
            <source>Recording</source>
            <translation>Enregistrement</translation>
        </message>
        <message>
            <source>Streams</source>
            <translation>Flux</translation>
        </message>
    </context>
    <context>
        <name>CameraSetup</name>
        <message>
            <source>At most {count} addresses in one search</source>
            <translation>{count} adresses au plus par recherche</translation>
        </message>
        <message>
            <source>Enter an address or a range to search</source>
            <translation>Saisissez une adresse ou une plage à rechercher</translation>
        </message>
        <message>
            <source>Enter the camera's address or domain name, e.g. 192.168.1.64</source>
            <translation>Saisissez l'adresse ou le nom de domaine de la caméra, p. ex. 192.168.1.64</translation>
        </message>
        <message>
            <source>Not authorised: the camera refused this user name or password.</source>
            <translation>Non autorisé : la caméra a refusé ce nom d'utilisateur ou ce mot de passe.</translation>
        </message>
        <message>
            <source>ONVIF camera</source>
            <translation>Caméra ONVIF</translation>
        </message>
        <message>
            <source>PTZ</source>
            <translation>PTZ</translation>
        </message>
        <message>
            <source>Refused, and the camera's clock is more than 5 minutes off: set its clock (NTP), then check the password.</source>
            <translation>Refusé, et l'horloge de la caméra est décalée de plus de 5 minutes : réglez son horloge (NTP), puis vérifiez le mot de passe.</translation>
        </message>
        <message>
            <source>Something answered, but not an ONVIF camera.</source>
            <translation>Un appareil a répondu, mais ce n'est pas une caméra ONVIF.</translation>
        </message>
        <message>
            <source>The camera could not be read.</source>
            <translation>Impossible de lire la caméra.</translation>
        </message>
        <message>
            <source>The camera wants HTTP Digest sign-in, which is not allowed.</source>
            <translation>La caméra exige une authentification HTTP Digest, qui n'est pas autorisée.</translation>
        </message>
        <message>
            <source>The port must be 1 to 65535</source>
            <translation>Le port doit être compris entre 1 et 65535</translation>
        </message>
        <message>
            <source>Unreachable: nothing answered at this address and port.</source>
            <translation>Injoignable : rien n'a répondu à cette adresse et sur ce port.</translation>
        </message>
        <message>
            <source>audio</source>
            <translation>audio</translation>
        </message>
        <message>
            <source>clock {hours:.1f} h ahead</source>
            <translation>horloge en avance de {hours:.1f} h</translation>
        </message>
        <message>
            <source>clock {hours:.1f} h behind</source>
            <translation>horloge en retard de {hours:.1f} h</translation>
        </message>
        <message>
            <source>inputs/outputs</source>
            <translation>entrées/sorties</translation>
        </message>
        <message>
            <source>no video profile</source>
            <translation>aucun profil vidéo</translation>
        </message>
        <message>
            <source>{part}: give IPv4 addresses, such as 192.168.1.64 or 192.168.1.2-254</source>
            <translation>{part} : indiquez des adresses IPv4, comme 192.168.1.64 ou 192.168.1.2-254</translation>
        </message>
        <message>
            <source>{part}: the port must be 1 to 65535</source>
            <translation>{part} : le port doit être compris entre 1 et 65535</translation>
        </message>
        <message>
            <source>{part}: the range ends before it starts</source>
            <translation>{part} : la plage se termine avant de commencer</translation>
        </message>
    </context>
    <context>
        <name>CameraTree</name>
        <message>
            <source>Add cameras…</source>
            <translation>Ajouter des caméras…</translation>
        </message>
        <message>
            <source>Edit camera…</source>
            <translation>Modifier la caméra…</translation>
        </message>
        <message>
            <source>OFFLINE</source>
            <translation>HORS LIGNE</translation>
        </message>
        <message>
            <source>OFFLINE: {reason}</source>
            <translation>HORS LIGNE : {reason}</translation>
        </message>
        <message numerus="yes">
            <source>Play ({count} cameras)</source>
            <extracomment>Singular: Play (1 camera)</extracomment>
            <translation>
                <numerusform>Lire ({count} caméra)</numerusform>
                <numerusform>Lire ({count} caméras)</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Show live ({count} cameras)</source>
            <extracomment>Singular: Show live (1 camera)</extracomment>
            <translation>
                <numerusform>Afficher en direct ({count} caméra)</numerusform>
                <numerusform>Afficher en direct ({count} caméras)</numerusform>
            </translation>
        </message>
        <message>
            <source>analytics</source>
            <translation>analyse vidéo</translation>
        </message>
        <message>
            <source>connecting</source>
            <translation>connexion</translation>
        </message>
        <message>
            <source>disabled</source>
            <translation>désactivée</translation>
        </message>
        <message>
            <source>manual</source>
            <translation>manuel</translation>
        </message>
        <message>
            <source>motion</source>
            <translation>mouvement</translation>
        </message>
        <message>
            <source>offline</source>
            <translation>hors ligne</translation>
        </message>
        <message>
            <source>online</source>
            <translation>en ligne</translation>
        </message>
        <message>
            <source>schedule</source>
            <translation>planning</translation>
        </message>
        <message>
            <source>sensor</source>
            <translation>capteur</translation>
        </message>
        <message>
            <source>{name} (#{id}): {state}</source>
            <translation>{name} (n° {id}) : {state}</translation>
        </message>
        <message>
            <source>{name}: state unknown ({server} {state})</source>
            <translation>{name} : état inconnu ({server} {state})</translation>
        </message>
        <message>
            <source>● REC</source>
            <translation>● ENR</translation>
        </message>
        <message>
            <source>● REC {reasons}</source>
            <translation>● ENR {reasons}</translation>
        </message>
    </context>
    <context>
        <name>CellGrid</name>
        <message>
            <source>Draw</source>
            <translation>Dessiner</translation>
        </message>
        <message>
            <source>Erase</source>
            <translation>Effacer</translation>
        </message>
    </context>
    <context>
        <name>CloseDialog</name>
        <message>
            <source>Close alarm</source>
            <translation>Clôturer l'alarme</translation>
        </message>
        <message>
            <source>Close alarms</source>
            <translation>Clôturer les alarmes</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>Resolution</source>
            <translation>Qualification</translation>
        </message>
        <message>
            <source>What happened (optional)</source>
            <translation>Ce qui s'est passé (facultatif)</translation>
        </message>
        <message>
            <source>{count} alarms</source>
            <translation>{count} alarmes</translation>
        </message>
    </context>
    <context>
        <name>Console</name>
        <message>
            <source>Connecting to {server}…</source>
            <translation>Connexion à {server}…</translation>
        </message>
        <message>
            <source>First connection: certificate pinned, SHA-256 {fingerprint}</source>
            <translation>Première connexion : certificat mémorisé, SHA-256 {fingerprint}</translation>
        </message>
        <message>
            <source>Sign-in failed: {error}</source>
            <translation>Échec de la connexion : {error}</translation>
        </message>
    </context>
    <context>
        <name>ControlLink</name>
        <message>
            <source>Not signed in</source>
            <translation>Non connecté</translation>
        </message>
    </context>
    <context>
        <name>CopyDayDialog</name>
        <message>
            <source>Copy</source>
            <translation>Copier</translation>
        </message>
        <message>
            <source>Copy a day</source>
            <translation>Copier un jour</translation>
        </message>
        <message>
            <source>To</source>
            <translation>Au</translation>
        </message>
    </context>
    <context>
        <name>CruiseEditor</name>
        <message>
            <source>Add step</source>
            <translation>Ajouter une étape</translation>
        </message>
        <message>
            <source>Cruise {number}</source>
            <translation>Ronde {number}</translation>
        </message>
        <message>
            <source>Dwell (s)</source>
            <translation>Durée (s)</translation>
        </message>
        <message>
            <source>Move down</source>
            <translation>Descendre</translation>
        </message>
        <message>
            <source>Move up</source>
            <translation>Monter</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <source>Number</source>
            <translation>Numéro</translation>
        </message>
        <message>
            <source>Preset</source>
            <translation>Préréglage</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>Retirer</translation>
        </message>
        <message>
            <source>Save presets first: a cruise visits presets.</source>
            <translation>Enregistrez d'abord des préréglages : une ronde parcourt des préréglages.</translation>
        </message>
        <message>
            <source>Speed (%)</source>
            <translation>Vitesse (%)</translation>
        </message>
        <message>
            <source>{number} (missing)</source>
            <translation>{number} (manquant)</translation>
        </message>
    </context>
    <context>
        <name>CruisesTab</name>
        <message>
            <source>Cruise {number} runs; any manual move stops it.</source>
            <translation>La ronde {number} est en cours ; tout mouvement manuel l'arrête.</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Supprimer</translation>
        </message>
        <message>
            <source>Delete cruise</source>
            <translation>Supprimer la ronde</translation>
        </message>
        <message>
            <source>Delete cruise {number}? A running cruise stops first.</source>
            <translation>Supprimer la ronde {number} ? Si elle est en cours, elle s'arrête d'abord.</translation>
        </message>
        <message>
            <source>Edit…</source>
            <translation>Modifier…</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <source>New…</source>
            <translation>Nouvelle…</translation>
        </message>
        <message>
            <source>No.</source>
            <translation>N°</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>Démarrer</translation>
        </message>
        <message>
            <source>Steps</source>
            <translation>Étapes</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>Arrêter</translation>
        </message>
        <message>
            <source>The server runs the cruise until it is stopped</source>
            <translation>Le serveur exécute la ronde jusqu'à son arrêt</translation>
        </message>
        <message>
            <source>running</source>
            <translation>en cours</translation>
        </message>
        <message>
            <source>{count} of {cap} cruises</source>
            <translation>{count} rondes sur {cap}</translation>
        </message>
    </context>
    <context>
        <name>DayChecks</name>
        <message>
            <source>Every day</source>
            <translation>Tous les jours</translation>
        </message>
    </context>
    <context>
        <name>DecoderThread</name>
        <message>
            <source>Audio cannot be decoded: {error}</source>
            <translation>Impossible de décoder l'audio : {error}</translation>
        </message>
        <message>
            <source>Decoder stopped: {error}</source>
            <translation>Décodeur arrêté : {error}</translation>
        </message>
        <message>
            <source>unsupported video codec {codec}</source>
            <translation>codec vidéo non pris en charge : {codec}</translation>
        </message>
    </context>
    <context>
        <name>EventSearch</name>
        <message>
            <source>Analytics</source>
            <translation>Analyse vidéo</translation>
        </message>
        <message>
            <source>Back up…</source>
            <translation>Sauvegarder…</translation>
        </message>
        <message>
            <source>Camera</source>
            <translation>Caméra</translation>
        </message>
        <message>
            <source>Cameras (none = all)</source>
            <translation>Caméras (aucune = toutes)</translation>
        </message>
        <message>
            <source>Details</source>
            <translation>Détails</translation>
        </message>
        <message>
            <source>Exception</source>
            <translation>Anomalie</translation>
        </message>
        <message>
            <source>From</source>
            <translation>Du</translation>
        </message>
        <message>
            <source>Manual</source>
            <translation>Manuel</translation>
        </message>
        <message>
            <source>Motion</source>
            <translation>Mouvement</translation>
        </message>
        <message>
            <source>Play</source>
            <translation>Lire</translation>
        </message>
        <message>
            <source>Search</source>
            <translation>Rechercher</translation>
        </message>
        <message>
            <source>Search: {error}</source>
            <translation>Recherche : {error}</translation>
        </message>
        <message>
            <source>Searching…</source>
            <translation>Recherche…</translation>
        </message>
        <message>
            <source>Select an event first</source>
            <translation>Sélectionnez d'abord un événement</translation>
        </message>
        <message>
            <source>Sensor</source>
            <translation>Capteur</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Heure</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>Until</source>
            <translation>Jusqu'à</translation>
        </message>
        <message>
            <source>not searched, did not answer: {servers}</source>
            <translation>non cherché, sans réponse : {servers}</translation>
        </message>
        <message>
            <source>ongoing</source>
            <translation>en cours</translation>
        </message>
        <message>
            <source>to</source>
            <translation>au</translation>
        </message>
        <message numerus="yes">
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
            <source>none (unreadable manifest)</source>
            <translation>aucune (manifeste illisible)</translation>
        </message>
        <message>
            <source>not signed in to a server</source>
            <translation>non connecté à un serveur</translation>
        </message>
        <message>
            <source>signer key {signer}: NOT this server's key {key} (server {server_id})</source>
            <translation>clé du signataire {signer} : CE N'EST PAS la clé {key} de ce serveur (serveur {server_id})</translation>
        </message>
        <message>
            <source>signer key {signer}: this server's key (server {server_id})</source>
            <translation>clé du signataire {signer} : la clé de ce serveur (serveur {server_id})</translation>
        </message>
        <message>
            <source>signer key {signer}; not compared: {missing}</source>
            <translation>clé du signataire {signer} ; non comparée : {missing}</translation>
        </message>
        <message>
            <source>the server did not say its key</source>
            <translation>le serveur n'a pas indiqué sa clé</translation>
        </message>
        <message>
            <source>the server did not say its key ({error})</source>
            <translation>le serveur n'a pas indiqué sa clé ({error})</translation>
        </message>
    </context>
    <context>
        <name>GeneralTab</name>
        <message>
            <source>Camera</source>
            <translation>Caméra</translation>
        </message>
        <message>
            <source>Camera password</source>
            <translation>Mot de passe de la caméra</translation>
        </message>
        <message>
            <source>Camera user</source>
            <translation>Utilisateur de la caméra</translation>
        </message>
        <message>
            <source>Credentials are stored</source>
            <translation>Identifiants enregistrés</translation>
        </message>
        <message>
            <source>Delete camera</source>
            <translation>Supprimer la caméra</translation>
        </message>
        <message>
            <source>Delete camera…</source>
            <translation>Supprimer la caméra…</translation>
        </message>
        <message>
            <source>Delete “{name}” and all its recordings? This cannot be undone. (The server refuses while a recording of it is locked.)</source>
            <translation>Supprimer « {name} » et tous ses enregistrements ? Cette action est irréversible. (Le serveur refuse tant qu'un de ses enregistrements est verrouillé.)</translation>
        </message>
        <message>
            <source>Deleting…</source>
            <translation>Suppression…</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <source>None stored</source>
            <translation>Aucun enregistré</translation>
        </message>
        <message>
            <source>ONVIF at {address}:{port}</source>
            <translation>ONVIF à {address}:{port}</translation>
        </message>
        <message>
            <source>Recorded (enabled)</source>
            <translation>Enregistrée (activée)</translation>
        </message>
        <message>
            <source>Remove the camera and delete its recordings</source>
            <translation>Retirer la caméra et supprimer ses enregistrements</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>Enregistrer</translation>
        </message>
        <message>
            <source>Saved</source>
            <translation>Enregistré</translation>
        </message>
        <message>
            <source>Saving…</source>
            <translation>Enregistrement…</translation>
        </message>
        <message>
            <source>The camera needs a name</source>
            <translation>La caméra doit avoir un nom</translation>
        </message>
        <message>
            <source>leave empty to keep</source>
            <translation>laisser vide pour conserver</translation>
        </message>
    </context>
    <context>
        <name>Joystick</name>
        <message>
            <source>Drag to move the camera; the farther from the centre, the faster</source>
            <translation>Faites glisser pour orienter la caméra ; plus loin du centre, plus vite</translation>
        </message>
    </context>
    <context>
        <name>Keyboard</name>
        <message>
            <source>?123</source>
            <translation>?123</translation>
        </message>
        <message>
            <source>ABC</source>
            <translation>ABC</translation>
        </message>
        <message>
            <source>Enter ↵</source>
            <translation>Entrée ↵</translation>
        </message>
        <message>
            <source>Erase the character before the cursor</source>
            <translation>Effacer le caractère avant le curseur</translation>
        </message>
        <message>
            <source>Hide</source>
            <translation>Masquer</translation>
        </message>
        <message>
            <source>Space</source>
            <translation>Espace</translation>
        </message>
        <message>
            <source>Tab ⇥</source>
            <translation>Tab ⇥</translation>
        </message>
        <message>
            <source>⇧ Shift</source>
            <translation>⇧ Maj</translation>
        </message>
        <message>
            <source>⌫ Erase</source>
            <translation>⌫ Effacer</translation>
        </message>
    </context>
    <context>
        <name>Kiosk</name>
        <message>
            <source>This screen stays open: only a user with the system right may leave it. Sign in as one first.</source>
            <translation>Cet écran reste ouvert : seul un utilisateur ayant le droit système peut le quitter. Connectez-vous d'abord avec un tel compte.</translation>
        </message>
    </context>
    <context>
        <name>LanguageBox</name>
        <message>
            <source>As the server</source>
            <translation>Comme le serveur</translation>
        </message>
        <message>
            <source>From the next start</source>
            <translation>Au prochain démarrage</translation>
        </message>
        <message>
            <source>The language of the console's texts on this computer</source>
            <translation>La langue des textes de la console sur cet ordinateur</translation>
        </message>
    </context>
    <context>
        <name>LiveOverlayPicture</name>
        <message>
            <source>Not signed in</source>
            <translation>Non connecté</translation>
        </message>
    </context>
    <context>
        <name>LiveSource</name>
        <message>
            <source>Live stream ended</source>
            <translation>Flux en direct terminé</translation>
        </message>
        <message>
            <source>Live video is not available on this server version</source>
            <translation>La vidéo en direct n'est pas disponible avec cette version du serveur</translation>
        </message>
        <message>
            <source>No audio right on this camera: video only</source>
            <translation>Pas de droit audio sur cette caméra : vidéo seule</translation>
        </message>
        <message numerus="yes">
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
            <source> min ago</source>
            <translation> min avant</translation>
        </message>
        <message>
            <source> s dwell</source>
            <translation> s par vue</translation>
        </message>
        <message>
            <source>All main</source>
            <translation>Tout principal</translation>
        </message>
        <message>
            <source>All sub</source>
            <translation>Tout secondaire</translation>
        </message>
        <message>
            <source>Audio off</source>
            <translation>Son coupé</translation>
        </message>
        <message>
            <source>Audio on</source>
            <translation>Son activé</translation>
        </message>
        <message>
            <source>Auto stream</source>
            <translation>Flux auto</translation>
        </message>
        <message>
            <source>Camera info</source>
            <translation>Infos caméra</translation>
        </message>
        <message>
            <source>Camera tour</source>
            <translation>Défilement</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Fermer</translation>
        </message>
        <message>
            <source>Control keyboard: key {key}</source>
            <translation>Clavier de commande : touche {key}</translation>
        </message>
        <message>
            <source>Cycle pages of cameras through the grid (LIVE-07); double-click pauses</source>
            <translation>Fait défiler les pages de caméras dans la mosaïque (LIVE-07) ; un double-clic met en pause</translation>
        </message>
        <message>
            <source>Edit the sequence group…</source>
            <translation>Modifier le groupe de séquence…</translation>
        </message>
        <message>
            <source>Frames: {shown} shown, {dropped} dropped</source>
            <translation>Images : {shown} affichées, {dropped} perdues</translation>
        </message>
        <message>
            <source>Instant playback</source>
            <translation>Relecture</translation>
        </message>
        <message>
            <source>Instant playback ({minutes} min ago)</source>
            <translation>Lecture instantanée (il y a {minutes} min)</translation>
        </message>
        <message>
            <source>Instant playback goes back this far (PLAY-01)</source>
            <translation>Recul de la lecture instantanée (PLAY-01)</translation>
        </message>
        <message>
            <source>JPEG (*.jpg)</source>
            <translation>JPEG (*.jpg)</translation>
        </message>
        <message>
            <source>Layout</source>
            <translation>Disposition</translation>
        </message>
        <message>
            <source>Manual record off</source>
            <translation>Enregistrement manuel arrêté</translation>
        </message>
        <message>
            <source>Manual record on</source>
            <translation>Enregistrement manuel en cours</translation>
        </message>
        <message>
            <source>Manual recording of the selected tile's camera</source>
            <translation>Enregistrement manuel de la caméra de la vignette sélectionnée</translation>
        </message>
        <message>
            <source>Manual recording started: {camera}</source>
            <translation>Enregistrement manuel démarré : {camera}</translation>
        </message>
        <message>
            <source>Manual recording stopped: {camera}</source>
            <translation>Enregistrement manuel arrêté : {camera}</translation>
        </message>
        <message>
            <source>No tile selected</source>
            <translation>Aucune vignette</translation>
        </message>
        <message>
            <source>OSD</source>
            <translation>OSD</translation>
        </message>
        <message>
            <source>PTZ</source>
            <translation>PTZ</translation>
        </message>
        <message>
            <source>PTZ control</source>
            <translation>Commande PTZ</translation>
        </message>
        <message>
            <source>PTZ panel of the selected tile's camera</source>
            <translation>Panneau PTZ de la caméra de la vignette sélectionnée</translation>
        </message>
        <message>
            <source>PTZ support unknown: {error}</source>
            <translation>Prise en charge PTZ inconnue : {error}</translation>
        </message>
        <message>
            <source>Picture: {width}×{height}</source>
            <translation>Image : {width}×{height}</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>Enregistrer</translation>
        </message>
        <message>
            <source>Reset digital zoom</source>
            <translation>Réinitialiser le zoom numérique</translation>
        </message>
        <message>
            <source>Reset zoom</source>
            <translation>Zoom initial</translation>
        </message>
        <message>
            <source>Save a full-resolution snapshot on the server</source>
            <translation>Enregistrer un instantané en pleine résolution sur le serveur</translation>
        </message>
        <message>
            <source>Save snapshot</source>
            <translation>Enregistrer un instantané</translation>
        </message>
        <message>
            <source>Saved tours of views, each with its dwell (LIVE-07)</source>
            <translation>Séquences de vues enregistrées, chacune avec sa durée (LIVE-07)</translation>
        </message>
        <message>
            <source>Saved views: recall, save, rename, delete (LIVE-06)</source>
            <translation>Vues enregistrées : rappeler, enregistrer, renommer, supprimer (LIVE-06)</translation>
        </message>
        <message>
            <source>Select a tile with a camera first</source>
            <translation>Sélectionnez d'abord une vignette avec une caméra</translation>
        </message>
        <message>
            <source>Sequence group…</source>
            <translation>Groupe de séquence…</translation>
        </message>
        <message>
            <source>Sequence “{name}” runs in the tile: save the view to keep it</source>
            <translation>La séquence « {name} » tourne dans la vignette : enregistrez la vue pour la conserver</translation>
        </message>
        <message>
            <source>Single view</source>
            <translation>Vue unique</translation>
        </message>
        <message>
            <source>Snapshot</source>
            <translation>Instantané</translation>
        </message>
        <message>
            <source>Snapshot saved to {path}</source>
            <translation>Instantané enregistré dans {path}</translation>
        </message>
        <message>
            <source>Snapshot to a file…</source>
            <translation>Instantané vers un fichier…</translation>
        </message>
        <message>
            <source>Snapshot {id} saved ({width}×{height})</source>
            <translation>Instantané {id} enregistré ({width}×{height})</translation>
        </message>
        <message>
            <source>Status: {status}</source>
            <translation>État : {status}</translation>
        </message>
        <message>
            <source>Stop the sequence</source>
            <translation>Arrêter la séquence</translation>
        </message>
        <message>
            <source>Stream: {stream}</source>
            <translation>Flux : {stream}</translation>
        </message>
        <message>
            <source>Tile {number}: {name}</source>
            <translation>Vignette {number} : {name}</translation>
        </message>
        <message>
            <source>Tours</source>
            <translation>Séquences</translation>
        </message>
        <message>
            <source>Views</source>
            <translation>Vues</translation>
        </message>
        <message>
            <source>empty</source>
            <translation>vide</translation>
        </message>
        <message>
            <source>main</source>
            <translation>principal</translation>
        </message>
        <message>
            <source>sub</source>
            <translation>secondaire</translation>
        </message>
        <message>
            <source>unknown</source>
            <translation>inconnu</translation>
        </message>
        <message numerus="yes">
            <source>{count} cameras did not fit in the grid</source>
            <extracomment>Singular: {count} camera did not fit in the grid</extracomment>
            <translation>
                <numerusform>{count} caméra n'a pas trouvé place dans la mosaïque</numerusform>
                <numerusform>{count} caméras n'ont pas trouvé place dans la mosaïque</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{count} tiles</source>
            <extracomment>Singular: 1 tile</extracomment>
            <translation>
                <numerusform>{count} vue</numerusform>
                <numerusform>{count} vues</numerusform>
            </translation>
        </message>
        <message>
            <source>{name} (#{id}) on {server}</source>
            <translation>{name} (n° {id}) sur {server}</translation>
        </message>
    </context>
    <context>
        <name>LoggedOutScreen</name>
        <message>
            <source>Connecting to the recorder…</source>
            <translation>Connexion à l'enregistreur…</translation>
        </message>
        <message>
            <source>Connecting…</source>
            <translation>Connexion…</translation>
        </message>
        <message>
            <source>Live view unavailable: {reason}</source>
            <translation>Direct indisponible : {reason}</translation>
        </message>
        <message>
            <source>No camera is shown while nobody is signed in.</source>
            <translation>Aucune caméra n'est affichée tant que personne n'est connecté.</translation>
        </message>
        <message>
            <source>Sign in</source>
            <translation>Se connecter</translation>
        </message>
        <message>
            <source>The recorder is not answering; trying again…</source>
            <translation>L'enregistreur ne répond pas ; nouvelle tentative…</translation>
        </message>
        <message>
            <source>Vedette</source>
            <translation>Vedette</translation>
        </message>
        <message numerus="yes">
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
            <source> · not reachable from this console</source>
            <translation> · injoignable depuis cette console</translation>
        </message>
        <message>
            <source>1 request…</source>
            <translation>1 requête…</translation>
        </message>
        <message>
            <source>Add cameras…</source>
            <translation>Ajouter des caméras…</translation>
        </message>
        <message>
            <source>Add server…</source>
            <translation>Ajouter un serveur…</translation>
        </message>
        <message>
            <source>Alarm rules, inputs and outputs, notifications and alarm statistics</source>
            <translation>Règles d'alarme, entrées et sorties, notifications et statistiques d'alarmes</translation>
        </message>
        <message>
            <source>Alarm settings…</source>
            <translation>Paramètres des alarmes…</translation>
        </message>
        <message>
            <source>Alarms</source>
            <translation>Alarmes</translation>
        </message>
        <message>
            <source>Backup</source>
            <translation>Sauvegarde</translation>
        </message>
        <message>
            <source>Camera “{name}” added</source>
            <translation>Caméra « {name} » ajoutée</translation>
        </message>
        <message>
            <source>Cameras</source>
            <translation>Caméras</translation>
        </message>
        <message>
            <source>Cameras, storage, accounts, system, display and alarm settings</source>
            <translation>Paramètres des caméras, du stockage, des comptes, du système, de l'affichage et des alarmes</translation>
        </message>
        <message>
            <source>Find ONVIF cameras on the network, or add one by its RTSP URL</source>
            <translation>Rechercher des caméras ONVIF sur le réseau, ou en ajouter une par son URL RTSP</translation>
        </message>
        <message>
            <source>Full screen</source>
            <translation>Plein écran</translation>
        </message>
        <message>
            <source>Live</source>
            <translation>Direct</translation>
        </message>
        <message>
            <source>Main</source>
            <translation>Principal</translation>
        </message>
        <message>
            <source>Not signed in</source>
            <translation>Non connecté</translation>
        </message>
        <message>
            <source>Pinned certificate SHA-256 {fingerprint}</source>
            <translation>Certificat mémorisé SHA-256 {fingerprint}</translation>
        </message>
        <message>
            <source>Playback</source>
            <translation>Lecture</translation>
        </message>
        <message>
            <source>Playback shows 16 cameras at most: the first 16</source>
            <translation>La lecture affiche 16 caméras au plus : les 16 premières</translation>
        </message>
        <message>
            <source>Playback shows the cameras of one server: {server}</source>
            <translation>La lecture affiche les caméras d'un seul serveur : {server}</translation>
        </message>
        <message>
            <source>Playback, search and backup now on {server}</source>
            <translation>Lecture, recherche et sauvegarde désormais sur {server}</translation>
        </message>
        <message>
            <source>Player</source>
            <translation>Lecteur</translation>
        </message>
        <message>
            <source>Search</source>
            <translation>Rechercher</translation>
        </message>
        <message>
            <source>Settings…</source>
            <translation>Paramètres…</translation>
        </message>
        <message>
            <source>Sign in to another server; its cameras join the tree</source>
            <translation>Se connecter à un autre serveur ; ses caméras rejoignent l'arborescence</translation>
        </message>
        <message>
            <source>Signed in to site {site}: {count} recording server(s)</source>
            <translation>Connecté au site {site} : {count} serveur(s) d'enregistrement</translation>
        </message>
        <message>
            <source>Signed in to {server} again after the connection came back</source>
            <translation>Reconnecté à {server} après le retour de la connexion</translation>
        </message>
        <message>
            <source>Signed in to {server} as {user}</source>
            <translation>Connecté à {server} en tant que {user}</translation>
        </message>
        <message>
            <source>Signed in to {server} too; its cameras are in the tree</source>
            <translation>Connecté aussi à {server} ; ses caméras sont dans l'arborescence</translation>
        </message>
        <message>
            <source>Site alarms</source>
            <translation>Alarmes du site</translation>
        </message>
        <message>
            <source>The alarm's cameras are not on a signed-in server</source>
            <translation>Les caméras de l'alarme ne sont sur aucun serveur connecté</translation>
        </message>
        <message>
            <source>The server's language applies when the console restarts</source>
            <translation>La langue du serveur s'appliquera au redémarrage de la console</translation>
        </message>
        <message>
            <source>Vedette</source>
            <translation>Vedette</translation>
        </message>
        <message>
            <source>Vedette — site {site}</source>
            <translation>Vedette — site {site}</translation>
        </message>
        <message>
            <source>Vedette — {device} ({server})</source>
            <translation>Vedette — {device} ({server})</translation>
        </message>
        <message>
            <source>Vedette — {server}</source>
            <translation>Vedette — {server}</translation>
        </message>
        <message>
            <source>connection lost, trying again</source>
            <translation>connexion perdue, nouvelle tentative</translation>
        </message>
        <message>
            <source>not signed in</source>
            <translation>non connecté</translation>
        </message>
        <message>
            <source>signed out</source>
            <translation>déconnecté</translation>
        </message>
        <message>
            <source>unreachable: {error}</source>
            <translation>injoignable : {error}</translation>
        </message>
        <message numerus="yes">
            <source>{count} cameras</source>
            <extracomment>Singular: {count} camera</extracomment>
            <translation>
                <numerusform>{count} caméra</numerusform>
                <numerusform>{count} caméras</numerusform>
            </translation>
        </message>
        <message>
            <source>{count} requests…</source>
            <translation>{count} requêtes…</translation>
        </message>
        <message>
            <source>{user}@{server} · TLS {fingerprint}…</source>
            <translation>{user}@{server} · TLS {fingerprint}…</translation>
        </message>
        <message>
            <source>{user}@{server} · plaintext</source>
            <translation>{user}@{server} · non chiffré</translation>
        </message>
    </context>
    <context>
        <name>MessagePopup</name>
        <message>
            <source>Alarm message</source>
            <translation>Message d'alarme</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>OK</translation>
        </message>
    </context>
    <context>
        <name>MotionSearch</name>
        <message>
            <source>All</source>
            <translation>Tout</translation>
        </message>
        <message>
            <source>Back up…</source>
            <translation>Sauvegarder…</translation>
        </message>
        <message>
            <source>Camera</source>
            <translation>Caméra</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Annuler</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>Annulée</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>Effacer</translation>
        </message>
        <message>
            <source>Draw the region to search (no cell is selected)</source>
            <translation>Dessinez la zone à rechercher (aucune cellule n'est sélectionnée)</translation>
        </message>
        <message>
            <source>Draw the region to search, pick the range, Search</source>
            <translation>Dessinez la zone à rechercher, choisissez la période, puis Rechercher</translation>
        </message>
        <message>
            <source>From</source>
            <translation>Du</translation>
        </message>
        <message>
            <source>Loading the picture…</source>
            <translation>Chargement de l'image…</translation>
        </message>
        <message>
            <source>No motion in the region over this range</source>
            <translation>Aucun mouvement dans la zone sur cette période</translation>
        </message>
        <message>
            <source>No picture</source>
            <translation>Aucune image</translation>
        </message>
        <message>
            <source>No recording at the start: pick another start for a picture</source>
            <translation>Aucun enregistrement au début : choisissez un autre début pour avoir une image</translation>
        </message>
        <message>
            <source>Pick a camera</source>
            <translation>Choisissez une caméra</translation>
        </message>
        <message>
            <source>Picture at start</source>
            <translation>Image au début</translation>
        </message>
        <message>
            <source>Play</source>
            <translation>Lire</translation>
        </message>
        <message>
            <source>Runs of motion in the region</source>
            <translation>Séquences de mouvement dans la zone</translation>
        </message>
        <message>
            <source>Search</source>
            <translation>Rechercher</translation>
        </message>
        <message>
            <source>Search failed: {error}</source>
            <translation>Échec de la recherche : {error}</translation>
        </message>
        <message>
            <source>Searching…</source>
            <translation>Recherche…</translation>
        </message>
        <message>
            <source>The range must end after it starts</source>
            <translation>La période doit se terminer après son début</translation>
        </message>
        <message>
            <source>to</source>
            <translation>au</translation>
        </message>
        <message>
            <source>{runs} runs of motion, {seconds} s with motion</source>
            <translation>{runs} séquences de mouvement, {seconds} s avec mouvement</translation>
        </message>
        <message>
            <source>{start} · {length} s ({seconds} s with motion)</source>
            <translation>{start} · {length} s ({seconds} s avec mouvement)</translation>
        </message>
    </context>
    <context>
        <name>MotionTab</name>
        <message>
            <source> frames</source>
            <translation> images</translation>
        </message>
        <message>
            <source> · motion now</source>
            <translation> · mouvement en cours</translation>
        </message>
        <message>
            <source>Add</source>
            <translation>Ajouter</translation>
        </message>
        <message>
            <source>All</source>
            <translation>Tout</translation>
        </message>
        <message>
            <source>An area needs a name</source>
            <translation>Une zone doit avoir un nom</translation>
        </message>
        <message>
            <source>Analysed frames (5 a second) in a row with motion that start an event</source>
            <translation>Images analysées (5 par seconde) consécutives avec mouvement qui déclenchent un événement</translation>
        </message>
        <message>
            <source>Areas</source>
            <translation>Zones</translation>
        </message>
        <message>
            <source>At most {n} areas</source>
            <translation>{n} zones au plus</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>Effacer</translation>
        </message>
        <message>
            <source>Could not read the motion settings: {error}</source>
            <translation>Impossible de lire les paramètres de détection de mouvement : {error}</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Supprimer</translation>
        </message>
        <message>
            <source>Detect motion on this camera</source>
            <translation>Détecter le mouvement sur cette caméra</translation>
        </message>
        <message>
            <source>Detection is off: the server analyses nothing, so no cell lights up. Turn it on and save to see where it sees motion.</source>
            <translation>La détection est désactivée : le serveur n'analyse rien, aucune cellule ne s'allume. Activez-la et enregistrez pour voir où il détecte du mouvement.</translation>
        </message>
        <message>
            <source>Detection is on: lit cells are where the server sees motion now.</source>
            <translation>La détection est activée : les cellules allumées sont celles où le serveur détecte du mouvement en ce moment.</translation>
        </message>
        <message>
            <source>Detector</source>
            <translation>Détecteur</translation>
        </message>
        <message>
            <source>Drag on the picture to draw the selected area's cells (blue); cells in no area never trigger. Cells where the server sees motion now light up red. A camera that shows its own clock in the picture sees it change every second: erase the clock's cells from every area.</source>
            <translation>Faites glisser sur l'image pour dessiner les cellules de la zone sélectionnée (en bleu) ; les cellules hors de toute zone ne déclenchent jamais. Les cellules où le serveur détecte du mouvement en ce moment s'allument en rouge. Une caméra qui affiche sa propre horloge dans l'image la voit changer chaque seconde : effacez les cellules de l'horloge de toutes les zones.</translation>
        </message>
        <message>
            <source>Ends after</source>
            <translation>Se termine après</translation>
        </message>
        <message>
            <source>Invert</source>
            <translation>Inverser</translation>
        </message>
        <message>
            <source>Level {level} of 10: a cell has motion when {share} % of its pixels change in brightness by {change} or more (of 255)</source>
            <translation>Niveau {level} sur 10 : une cellule est en mouvement quand {share} % de ses pixels changent de luminosité d'au moins {change} (sur 255)</translation>
        </message>
        <message>
            <source>Lit cells follow the saved sensitivity until you save.</source>
            <translation>Les cellules allumées suivent la sensibilité enregistrée tant que vous n'avez pas enregistré.</translation>
        </message>
        <message>
            <source>Live motion cells unavailable: {error}</source>
            <translation>Cellules de mouvement en direct indisponibles : {error}</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <source>New area</source>
            <translation>Nouvelle zone</translation>
        </message>
        <message>
            <source>Not running now: the camera's stream is not available to it</source>
            <translation>Arrêté pour le moment : le flux de la caméra ne lui est pas disponible</translation>
        </message>
        <message>
            <source>Not running: detection is off</source>
            <translation>Arrêté : la détection est désactivée</translation>
        </message>
        <message>
            <source>Not saved: {error}</source>
            <translation>Non enregistré : {error}</translation>
        </message>
        <message>
            <source>Read again</source>
            <translation>Relire</translation>
        </message>
        <message>
            <source>Reading the motion settings…</source>
            <translation>Lecture des paramètres de détection de mouvement…</translation>
        </message>
        <message>
            <source>Rename</source>
            <translation>Renommer</translation>
        </message>
        <message>
            <source>Rename area</source>
            <translation>Renommer la zone</translation>
        </message>
        <message>
            <source>Running on the {stream} stream: {analysed} frames analysed, {skipped} skipped, {lag} ms behind</source>
            <translation>Actif sur le flux {stream} : {analysed} images analysées, {skipped} ignorées, {lag} ms de retard</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>Enregistrer</translation>
        </message>
        <message>
            <source>Saved</source>
            <translation>Enregistré</translation>
        </message>
        <message>
            <source>Saving…</source>
            <translation>Enregistrement…</translation>
        </message>
        <message>
            <source>Sensitivity</source>
            <translation>Sensibilité</translation>
        </message>
        <message>
            <source>Starts after</source>
            <translation>Démarre après</translation>
        </message>
        <message>
            <source>There is already an area “{name}”</source>
            <translation>Il existe déjà une zone « {name} »</translation>
        </message>
        <message>
            <source>{n} min without motion</source>
            <translation>{n} min sans mouvement</translation>
        </message>
        <message>
            <source>{n} s without motion</source>
            <translation>{n} s sans mouvement</translation>
        </message>
    </context>
    <context>
        <name>NativeFileSource</name>
        <message>
            <source>Cannot read {file}: {error}</source>
            <translation>Impossible de lire {file} : {error}</translation>
        </message>
        <message>
            <source>Damaged record in {file}: {reason}</source>
            <translation>Enregistrement endommagé dans {file} : {reason}</translation>
        </message>
        <message>
            <source>End of the export</source>
            <translation>Fin de l'exportation</translation>
        </message>
        <message>
            <source>{folder}: no native export here (no {index})</source>
            <translation>{folder} : aucune exportation native ici (pas de {index})</translation>
        </message>
        <message>
            <source>{path}: not a Vedette native export index</source>
            <translation>{path} : pas un index d'exportation native Vedette</translation>
        </message>
    </context>
    <context>
        <name>OfflineView</name>
        <message>
            <source> (this server's)</source>
            <translation> (celle de ce serveur)</translation>
        </message>
        <message>
            <source> · key {key}…{mine}</source>
            <translation> · clé {key}…{mine}</translation>
        </message>
        <message>
            <source>Cannot open: {error}</source>
            <translation>Impossible d'ouvrir : {error}</translation>
        </message>
        <message>
            <source>NOT authentic</source>
            <translation>NON authentique</translation>
        </message>
        <message>
            <source>Native export folder</source>
            <translation>Dossier d'exportation native</translation>
        </message>
        <message>
            <source>Open a native export (a folder with index.json) to play it here</source>
            <translation>Ouvrez une exportation native (un dossier contenant index.json) pour la lire ici</translation>
        </message>
        <message>
            <source>Open export…</source>
            <translation>Ouvrir une exportation…</translation>
        </message>
        <message>
            <source>Opening {folder}…</source>
            <translation>Ouverture de {folder}…</translation>
        </message>
        <message>
            <source>Paused</source>
            <translation>En pause</translation>
        </message>
        <message>
            <source>Verify</source>
            <translation>Vérifier</translation>
        </message>
        <message>
            <source>Verify: {error}</source>
            <translation>Vérification : {error}</translation>
        </message>
        <message>
            <source>authentic</source>
            <translation>authentique</translation>
        </message>
        <message>
            <source>unknown signer</source>
            <translation>signataire inconnu</translation>
        </message>
    </context>
    <context>
        <name>OnvifTab</name>
        <message>
            <source>192.168.1.2-192.168.1.254, or one address</source>
            <translation>192.168.1.2-192.168.1.254, ou une seule adresse</translation>
        </message>
        <message>
            <source>A camera that does not answer discovery: its address[:port], then Test</source>
            <translation>Une caméra qui ne répond pas à la découverte : son adresse[:port], puis Tester</translation>
        </message>
        <message>
            <source>Add address to list</source>
            <translation>Ajouter l'adresse à la liste</translation>
        </message>
        <message>
            <source>Add all</source>
            <translation>Tout ajouter</translation>
        </message>
        <message>
            <source>Add selected</source>
            <translation>Ajouter la sélection</translation>
        </message>
        <message>
            <source>Added as “{name}” (camera #{id})</source>
            <translation>Ajoutée sous le nom « {name} » (caméra n° {id})</translation>
        </message>
        <message>
            <source>Adding</source>
            <translation>Ajout</translation>
        </message>
        <message>
            <source>Adding…</source>
            <translation>Ajout…</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>Adresse</translation>
        </message>
        <message>
            <source>Addresses</source>
            <translation>Adresses</translation>
        </message>
        <message>
            <source>Addresses or ranges to ask, separated by commas; add :PORT when the cameras answer discovery on another port than 3702</source>
            <translation>Adresses ou plages à interroger, séparées par des virgules ; ajoutez :PORT si les caméras répondent à la découverte sur un autre port que 3702</translation>
        </message>
        <message>
            <source>Already added</source>
            <translation>Déjà ajoutée</translation>
        </message>
        <message>
            <source>Already added (camera #{id})</source>
            <translation>Déjà ajoutée (caméra n° {id})</translation>
        </message>
        <message>
            <source>Also search the local network (multicast)</source>
            <translation>Rechercher aussi sur le réseau local (multicast)</translation>
        </message>
        <message>
            <source>Camera user</source>
            <translation>Utilisateur de la caméra</translation>
        </message>
        <message>
            <source>Hardware</source>
            <translation>Matériel</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <source>No camera answered. Check the range, or add an address to the list.</source>
            <translation>Aucune caméra n'a répondu. Vérifiez la plage, ou ajoutez une adresse à la liste.</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>Mot de passe</translation>
        </message>
        <message>
            <source>Result</source>
            <translation>Résultat</translation>
        </message>
        <message>
            <source>Search</source>
            <translation>Rechercher</translation>
        </message>
        <message>
            <source>Search failed: {error}</source>
            <translation>Échec de la recherche : {error}</translation>
        </message>
        <message>
            <source>Searching…</source>
            <translation>Recherche…</translation>
        </message>
        <message>
            <source>Test selected</source>
            <translation>Tester la sélection</translation>
        </message>
        <message>
            <source>Testing</source>
            <translation>Test</translation>
        </message>
        <message>
            <source>Testing…</source>
            <translation>Test…</translation>
        </message>
        <message>
            <source>Tick the cameras first</source>
            <translation>Cochez d'abord les caméras</translation>
        </message>
        <message>
            <source>the cameras' password</source>
            <translation>le mot de passe des caméras</translation>
        </message>
        <message>
            <source>{count} cameras listed, {new} new in this search, {added} already added</source>
            <translation>{count} caméras listées, {new} nouvelles dans cette recherche, {added} déjà ajoutées</translation>
        </message>
        <message>
            <source>{host}:{port} listed: Test it, then add it</source>
            <translation>{host}:{port} listée : testez-la, puis ajoutez-la</translation>
        </message>
        <message>
            <source>{verb} {count} cameras…</source>
            <translation>{verb} de {count} caméras…</translation>
        </message>
        <message>
            <source>{verb}: {ok} succeeded, {failed} failed</source>
            <translation>{verb} : {ok} réussis, {failed} échoués</translation>
        </message>
    </context>
    <context>
        <name>OverlayEditor</name>
        <message>
            <source>Across (−1 left, 1 right)</source>
            <translation>Horizontal (−1 à gauche, 1 à droite)</translation>
        </message>
        <message>
            <source>Date format</source>
            <translation>Format de date</translation>
        </message>
        <message>
            <source>Front door</source>
            <translation>Porte d'entrée</translation>
        </message>
        <message>
            <source>Position</source>
            <translation>Position</translation>
        </message>
        <message>
            <source>Shows</source>
            <translation>Affiche</translation>
        </message>
        <message>
            <source>Text</source>
            <translation>Texte</translation>
        </message>
        <message>
            <source>Text overlay</source>
            <translation>Incrustation de texte</translation>
        </message>
        <message>
            <source>The camera's</source>
            <translation>Celui de la caméra</translation>
        </message>
        <message>
            <source>Time format</source>
            <translation>Format d'heure</translation>
        </message>
        <message>
            <source>Up (−1 bottom, 1 top)</source>
            <translation>Vertical (−1 en bas, 1 en haut)</translation>
        </message>
    </context>
    <context>
        <name>OverlaysTab</name>
        <message>
            <source>(not text: listed only)</source>
            <translation>(pas du texte : affichée seulement)</translation>
        </message>
        <message>
            <source>Add date/time…</source>
            <translation>Ajouter date/heure…</translation>
        </message>
        <message>
            <source>Add text…</source>
            <translation>Ajouter un texte…</translation>
        </message>
        <message>
            <source>At a point</source>
            <translation>À un point</translation>
        </message>
        <message>
            <source>Content</source>
            <translation>Contenu</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Date</translation>
        </message>
        <message>
            <source>Date and time</source>
            <translation>Date et heure</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Supprimer</translation>
        </message>
        <message>
            <source>Delete overlay</source>
            <translation>Supprimer l'incrustation</translation>
        </message>
        <message>
            <source>Delete this overlay from the camera?</source>
            <translation>Supprimer cette incrustation de la caméra ?</translation>
        </message>
        <message>
            <source>Deleting…</source>
            <translation>Suppression…</translation>
        </message>
        <message>
            <source>Edit…</source>
            <translation>Modifier…</translation>
        </message>
        <message>
            <source>Lower left</source>
            <translation>En bas à gauche</translation>
        </message>
        <message>
            <source>Lower right</source>
            <translation>En bas à droite</translation>
        </message>
        <message>
            <source>Position</source>
            <translation>Position</translation>
        </message>
        <message>
            <source>Read again</source>
            <translation>Relire</translation>
        </message>
        <message>
            <source>Reading the camera's overlays…</source>
            <translation>Lecture des incrustations de la caméra…</translation>
        </message>
        <message>
            <source>Saved</source>
            <translation>Enregistré</translation>
        </message>
        <message>
            <source>Saving…</source>
            <translation>Enregistrement…</translation>
        </message>
        <message>
            <source>Shows</source>
            <translation>Affiche</translation>
        </message>
        <message>
            <source>Text</source>
            <translation>Texte</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Heure</translation>
        </message>
        <message>
            <source>Upper left</source>
            <translation>En haut à gauche</translation>
        </message>
        <message>
            <source>Upper right</source>
            <translation>En haut à droite</translation>
        </message>
        <message>
            <source>the camera's format</source>
            <translation>le format de la caméra</translation>
        </message>
        <message>
            <source>{count} of at most {limit} overlays</source>
            <translation>{count} incrustations sur {limit} au plus</translation>
        </message>
        <message>
            <source>{count} overlays</source>
            <translation>{count} incrustations</translation>
        </message>
    </context>
    <context>
        <name>PictureTab</name>
        <message>
            <source>Applied</source>
            <translation>Appliqué</translation>
        </message>
        <message>
            <source>Apply</source>
            <translation>Appliquer</translation>
        </message>
        <message>
            <source>Applying…</source>
            <translation>Application…</translation>
        </message>
        <message>
            <source>Auto</source>
            <translation>Auto</translation>
        </message>
        <message>
            <source>Backlight compensation</source>
            <translation>Compensation de contre-jour</translation>
        </message>
        <message>
            <source>Backlight level</source>
            <translation>Niveau de contre-jour</translation>
        </message>
        <message>
            <source>Blue gain</source>
            <translation>Gain bleu</translation>
        </message>
        <message>
            <source>Brightness</source>
            <translation>Luminosité</translation>
        </message>
        <message>
            <source>Contrast</source>
            <translation>Contraste</translation>
        </message>
        <message>
            <source>Day/night filter</source>
            <translation>Filtre jour/nuit</translation>
        </message>
        <message>
            <source>Focus</source>
            <translation>Mise au point</translation>
        </message>
        <message>
            <source>Manual</source>
            <translation>Manuel</translation>
        </message>
        <message>
            <source>Off</source>
            <translation>Désactivé</translation>
        </message>
        <message>
            <source>On</source>
            <translation>Activé</translation>
        </message>
        <message>
            <source>Read again</source>
            <translation>Relire</translation>
        </message>
        <message>
            <source>Reading the camera's picture settings…</source>
            <translation>Lecture des réglages d'image de la caméra…</translation>
        </message>
        <message>
            <source>Red gain</source>
            <translation>Gain rouge</translation>
        </message>
        <message>
            <source>Revert</source>
            <translation>Rétablir</translation>
        </message>
        <message>
            <source>Saturation</source>
            <translation>Saturation</translation>
        </message>
        <message>
            <source>Sharpness</source>
            <translation>Netteté</translation>
        </message>
        <message>
            <source>The camera offers no picture setting.</source>
            <translation>La caméra ne propose aucun réglage d'image.</translation>
        </message>
        <message>
            <source>WDR level</source>
            <translation>Niveau WDR</translation>
        </message>
        <message>
            <source>White balance</source>
            <translation>Balance des blancs</translation>
        </message>
        <message>
            <source>Wide dynamic range (WDR)</source>
            <translation>Plage dynamique étendue (WDR)</translation>
        </message>
        <message>
            <source>{low:g} to {high:g}</source>
            <translation>{low:g} à {high:g}</translation>
        </message>
    </context>
    <context>
        <name>PlaybackConnection</name>
        <message>
            <source>End of playback</source>
            <translation>Fin de la lecture</translation>
        </message>
        <message>
            <source>End of recording</source>
            <translation>Fin de l'enregistrement</translation>
        </message>
        <message>
            <source>No recording here</source>
            <translation>Aucun enregistrement ici</translation>
        </message>
        <message numerus="yes">
            <source>Packets skipped: %n</source>
            <translation>
                <numerusform>Paquets ignorés : %n</numerusform>
                <numerusform>Paquets ignorés : %n</numerusform>
            </translation>
        </message>
        <message>
            <source>Playback is not available on this server version</source>
            <translation>La lecture n'est pas disponible avec cette version du serveur</translation>
        </message>
        <message>
            <source>Recording unreadable here ({reason}); playing on</source>
            <translation>Enregistrement illisible ici ({reason}) ; la lecture continue</translation>
        </message>
    </context>
    <context>
        <name>PlaybackView</name>
        <message>
            <source>+30 s</source>
            <translation>+30 s</translation>
        </message>
        <message>
            <source>24 h</source>
            <translation>24 h</translation>
        </message>
        <message>
            <source>; not exported: {parts}</source>
            <translation> ; non exporté : {parts}</translation>
        </message>
        <message>
            <source>Add tag</source>
            <translation>Ajouter un repère</translation>
        </message>
        <message>
            <source>Add tag here</source>
            <translation>Ajouter un repère ici</translation>
        </message>
        <message>
            <source>Audio off</source>
            <translation>Son coupé</translation>
        </message>
        <message>
            <source>Audio on (1× forward)</source>
            <translation>Son activé (lecture avant 1×)</translation>
        </message>
        <message>
            <source>Back 30 seconds</source>
            <translation>Reculer de 30 secondes</translation>
        </message>
        <message>
            <source>Back up across the site's servers into</source>
            <translation>Sauvegarder depuis les serveurs du site dans</translation>
        </message>
        <message>
            <source>Back up selection…</source>
            <translation>Sauvegarder la sélection…</translation>
        </message>
        <message>
            <source>Backing up {camera} from every server that held it into {folder}…</source>
            <translation>Sauvegarde de {camera} depuis chaque serveur qui l'a enregistrée vers {folder}…</translation>
        </message>
        <message>
            <source>Backup of {camera} failed: {error}</source>
            <translation>Échec de la sauvegarde de {camera} : {error}</translation>
        </message>
        <message>
            <source>Backup of {camera} written to {folder}: {parts} signed file(s) from {servers}, manifest {manifest}</source>
            <translation>Sauvegarde de {camera} écrite dans {folder} : {parts} fichier(s) signé(s) de {servers}, manifeste {manifest}</translation>
        </message>
        <message>
            <source>Cannot play this camera from the server that held it then: {error}</source>
            <translation>Impossible de lire cette caméra depuis le serveur qui l'enregistrait alors : {error}</translation>
        </message>
        <message>
            <source>Click the timeline to choose the instant to tag</source>
            <translation>Cliquez sur la frise chronologique pour choisir l'instant à repérer</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Fermer</translation>
        </message>
        <message>
            <source>Double the speed</source>
            <translation>Doubler la vitesse</translation>
        </message>
        <message>
            <source>Events and tags</source>
            <translation>Événements et repères</translation>
        </message>
        <message>
            <source>Faster</source>
            <translation>Plus vite</translation>
        </message>
        <message>
            <source>First recording</source>
            <translation>Premier enregistrement</translation>
        </message>
        <message>
            <source>Forward 30 seconds</source>
            <translation>Avancer de 30 secondes</translation>
        </message>
        <message>
            <source>Halve the speed</source>
            <translation>Diviser la vitesse par deux</translation>
        </message>
        <message>
            <source>Last recording</source>
            <translation>Dernier enregistrement</translation>
        </message>
        <message>
            <source>Mark a start and an end on the timeline first (or shift-drag)</source>
            <translation>Marquez d'abord un début et une fin sur la frise (ou faites glisser avec Maj)</translation>
        </message>
        <message>
            <source>Mark end</source>
            <translation>Marquer la fin</translation>
        </message>
        <message>
            <source>Mark start</source>
            <translation>Marquer le début</translation>
        </message>
        <message>
            <source>Next frame (paused)</source>
            <translation>Image suivante (en pause)</translation>
        </message>
        <message>
            <source>No events or tags in the shown range</source>
            <translation>Aucun événement ni repère sur la période affichée</translation>
        </message>
        <message>
            <source>No recording known yet for these cameras</source>
            <translation>Aucun enregistrement connu pour l'instant pour ces caméras</translation>
        </message>
        <message>
            <source>Pause</source>
            <translation>Pause</translation>
        </message>
        <message>
            <source>Pick a time on the timeline</source>
            <translation>Choisissez un instant sur la frise</translation>
        </message>
        <message>
            <source>Play</source>
            <translation>Lire</translation>
        </message>
        <message>
            <source>Playing on from {server}, which held the camera then</source>
            <translation>La lecture continue depuis {server}, qui enregistrait la caméra à ce moment</translation>
        </message>
        <message>
            <source>Previous frame (paused)</source>
            <translation>Image précédente (en pause)</translation>
        </message>
        <message>
            <source>Reset digital zoom</source>
            <translation>Réinitialiser le zoom numérique</translation>
        </message>
        <message>
            <source>Reverse play</source>
            <translation>Lecture arrière</translation>
        </message>
        <message>
            <source>Show the cameras' watermark over the pictures</source>
            <translation>Afficher le filigrane des caméras sur les images</translation>
        </message>
        <message>
            <source>Slower</source>
            <translation>Plus lent</translation>
        </message>
        <message>
            <source>Snapshot of this instant</source>
            <translation>Instantané de cet instant</translation>
        </message>
        <message>
            <source>Snapshot {id} saved ({width}×{height})</source>
            <translation>Instantané {id} enregistré ({width}×{height})</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>Arrêter</translation>
        </message>
        <message>
            <source>Switch camera (same instant)</source>
            <translation>Changer de caméra (même instant)</translation>
        </message>
        <message>
            <source>Tag “{name}” added</source>
            <translation>Repère « {name} » ajouté</translation>
        </message>
        <message>
            <source>Timeline across the site's servers: {error}; showing this server's recordings only</source>
            <translation>Chronologie sur les serveurs du site : {error} ; seuls les enregistrements de ce serveur sont affichés</translation>
        </message>
        <message>
            <source>Timeline: {error}</source>
            <translation>Frise chronologique : {error}</translation>
        </message>
        <message>
            <source>Timeline: {server} did not answer ({why}); what it recorded is not shown</source>
            <translation>Chronologie : {server} n'a pas répondu ({why}) ; ce qu'il a enregistré n'est pas affiché</translation>
        </message>
        <message>
            <source>Watermark</source>
            <translation>Filigrane</translation>
        </message>
        <message>
            <source>paused · </source>
            <translation>en pause · </translation>
        </message>
        <message>
            <source>{server} did not answer ({why}): its events are not listed</source>
            <translation>{server} n'a pas répondu ({why}) : ses événements ne sont pas listés</translation>
        </message>
        <message>
            <source>−30 s</source>
            <translation>−30 s</translation>
        </message>
    </context>
    <context>
        <name>PresetDialog</name>
        <message>
            <source>A name is needed</source>
            <translation>Un nom est nécessaire</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <source>Number</source>
            <translation>Numéro</translation>
        </message>
        <message>
            <source>Preset {number}</source>
            <translation>Préréglage {number}</translation>
        </message>
        <message>
            <source>Rename preset</source>
            <translation>Renommer le préréglage</translation>
        </message>
        <message>
            <source>Save preset</source>
            <translation>Enregistrer le préréglage</translation>
        </message>
        <message>
            <source>Saves where the camera points now; replaces that number.</source>
            <translation>Enregistre la position actuelle de la caméra ; remplace ce numéro.</translation>
        </message>
    </context>
    <context>
        <name>PresetsTab</name>
        <message>
            <source>Call</source>
            <translation>Appeler</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Supprimer</translation>
        </message>
        <message>
            <source>Delete preset</source>
            <translation>Supprimer le préréglage</translation>
        </message>
        <message>
            <source>Delete preset {number} ({name}) from the camera?</source>
            <translation>Supprimer le préréglage {number} ({name}) de la caméra ?</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <source>No.</source>
            <translation>N°</translation>
        </message>
        <message>
            <source>Rename…</source>
            <translation>Renommer…</translation>
        </message>
        <message>
            <source>Save position…</source>
            <translation>Enregistrer la position…</translation>
        </message>
        <message>
            <source>Save where the camera points now as a preset</source>
            <translation>Enregistrer la position actuelle de la caméra comme préréglage</translation>
        </message>
        <message>
            <source>Send the camera to the selected preset</source>
            <translation>Envoyer la caméra au préréglage sélectionné</translation>
        </message>
        <message>
            <source>{count} of {cap} presets (the device keeps up to {cap})</source>
            <translation>{count} préréglages sur {cap} (l'appareil en garde {cap} au plus)</translation>
        </message>
    </context>
    <context>
        <name>PrivacyTab</name>
        <message>
            <source>1 to 15 letters, digits or spaces</source>
            <translation>1 à 15 lettres, chiffres ou espaces</translation>
        </message>
        <message>
            <source>Applied by the camera since {time}</source>
            <translation>Appliqués par la caméra depuis {time}</translation>
        </message>
        <message>
            <source>Applied by the console and the server, not by the camera</source>
            <translation>Appliqués par la console et le serveur, pas par la caméra</translation>
        </message>
        <message>
            <source>Apply the masks in the camera itself</source>
            <translation>Appliquer les masques dans la caméra elle-même</translation>
        </message>
        <message>
            <source>Delete mask</source>
            <translation>Supprimer le masque</translation>
        </message>
        <message>
            <source>Drag on the picture to draw a mask (up to 4); drag a mask to move it, its corner to resize it. Users without the “See without privacy masks” right see these parts black in live, playback, snapshots and backups.</source>
            <translation>Faites glisser sur l'image pour tracer un masque (4 au plus) ; faites glisser un masque pour le déplacer, son coin pour le redimensionner. Les utilisateurs sans le droit « Voir sans masques de confidentialité » voient ces zones en noir en direct, en lecture, dans les instantanés et les sauvegardes.</translation>
        </message>
        <message>
            <source>Remove all masks</source>
            <translation>Supprimer tous les masques</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>Enregistrer</translation>
        </message>
        <message>
            <source>Saved</source>
            <translation>Enregistré</translation>
        </message>
        <message>
            <source>Saving…</source>
            <translation>Enregistrement…</translation>
        </message>
        <message>
            <source>Setting the masks on the camera…</source>
            <translation>Envoi des masques à la caméra…</translation>
        </message>
        <message>
            <source>Show a watermark over playback</source>
            <translation>Afficher un filigrane en lecture</translation>
        </message>
        <message>
            <source>The camera blacks the masks out in the video it sends, so the recording itself is masked from then on: nobody, not even a user with the “See without privacy masks” right, can see behind them. Only for a camera added over ONVIF whose Media2 service has privacy masks: the camera is asked when you save.</source>
            <translation>La caméra noircit les masques dans la vidéo qu'elle envoie : l'enregistrement lui-même est masqué dès lors, et personne, pas même un utilisateur ayant le droit « Voir sans masques de confidentialité », ne peut voir derrière. Seulement pour une caméra ajoutée en ONVIF dont le service Media2 a des masques de confidentialité : la caméra est interrogée à l'enregistrement.</translation>
        </message>
        <message>
            <source>The camera has not taken the masks: {reason}. The server tries again by itself; meanwhile the recording may not be masked.</source>
            <translation>La caméra n'a pas pris les masques : {reason}. Le serveur réessaie de lui-même ; en attendant, l'enregistrement peut ne pas être masqué.</translation>
        </message>
        <message>
            <source>The watermark needs 1 to 15 letters, digits or spaces</source>
            <translation>Le filigrane doit compter 1 à 15 lettres, chiffres ou espaces</translation>
        </message>
        <message>
            <source>This camera was not added over ONVIF with a Media2 service: it cannot apply the masks itself</source>
            <translation>Cette caméra n'a pas été ajoutée en ONVIF avec un service Media2 : elle ne peut pas appliquer les masques elle-même</translation>
        </message>
        <message>
            <source>Watermark text</source>
            <translation>Texte du filigrane</translation>
        </message>
        <message>
            <source>{count} of {most} masks</source>
            <translation>{count} masques sur {most}</translation>
        </message>
    </context>
    <context>
        <name>PtzPanel</name>
        <message>
            <source>({minutes} min left)</source>
            <translation>(encore {minutes} min)</translation>
        </message>
        <message>
            <source>+ Tele</source>
            <translation>+ Télé</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Fermer</translation>
        </message>
        <message>
            <source>Close the PTZ panel</source>
            <translation>Fermer le panneau PTZ</translation>
        </message>
        <message>
            <source>Cruises</source>
            <translation>Rondes</translation>
        </message>
        <message>
            <source>Denied: {holder} controls this camera at a higher priority ({priority}). Your command was not sent.</source>
            <translation>Refusé : {holder} commande cette caméra avec une priorité plus élevée ({priority}). Votre commande n'a pas été envoyée.</translation>
        </message>
        <message>
            <source>Far</source>
            <translation>Loin</translation>
        </message>
        <message>
            <source>Focus</source>
            <translation>Mise au point</translation>
        </message>
        <message>
            <source>Free in {seconds} s unless they move it again.</source>
            <translation>Libre dans {seconds} s sauf nouveau mouvement de sa part.</translation>
        </message>
        <message>
            <source>Held by {holder}</source>
            <translation>Tenue par {holder}</translation>
        </message>
        <message>
            <source>Hold to move the camera</source>
            <translation>Maintenez pour orienter la caméra</translation>
        </message>
        <message>
            <source>Hold to move, release to stop</source>
            <translation>Maintenez pour déplacer, relâchez pour arrêter</translation>
        </message>
        <message>
            <source>Iris</source>
            <translation>Iris</translation>
        </message>
        <message>
            <source>Near</source>
            <translation>Près</translation>
        </message>
        <message>
            <source>Nobody controls this camera</source>
            <translation>Personne ne commande cette caméra</translation>
        </message>
        <message>
            <source>On the picture: click to centre there, drag a rectangle to zoom to it; hold the right button to zoom out, Ctrl + left to zoom in. Keys: arrows move, + and − zoom.</source>
            <translation>Sur l'image : cliquez pour centrer, tracez un rectangle pour zoomer dessus ; maintenez le bouton droit pour dézoomer, Ctrl + gauche pour zoomer. Clavier : les flèches déplacent, + et − zooment.</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>Ouvrir</translation>
        </message>
        <message>
            <source>PTZ</source>
            <translation>PTZ</translation>
        </message>
        <message>
            <source>PTZ · {camera}</source>
            <translation>PTZ · {camera}</translation>
        </message>
        <message>
            <source>Pan {pan:.1f}°  Tilt {tilt:.1f}°</source>
            <translation>Pan {pan:.1f}°  Tilt {tilt:.1f}°</translation>
        </message>
        <message>
            <source>Presets</source>
            <translation>Préréglages</translation>
        </message>
        <message>
            <source>Reserved by {holder}</source>
            <translation>Réservée par {holder}</translation>
        </message>
        <message>
            <source>Speed</source>
            <translation>Vitesse</translation>
        </message>
        <message>
            <source>Speed of the direction, zoom, focus and iris buttons</source>
            <translation>Vitesse des boutons de direction, zoom, mise au point et iris</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>Arrêter</translation>
        </message>
        <message>
            <source>The device does not report its position</source>
            <translation>L'appareil n'indique pas sa position</translation>
        </message>
        <message>
            <source>This camera's PTZ device has no focus control</source>
            <translation>Le dispositif PTZ de cette caméra n'a pas de commande de mise au point</translation>
        </message>
        <message>
            <source>This camera's PTZ device has no iris control</source>
            <translation>Le dispositif PTZ de cette caméra n'a pas de commande d'iris</translation>
        </message>
        <message>
            <source>You control this camera</source>
            <translation>Vous commandez cette caméra</translation>
        </message>
        <message>
            <source>You reserved this camera</source>
            <translation>Vous avez réservé cette caméra</translation>
        </message>
        <message>
            <source>Your move stopped cruise {number}.</source>
            <translation>Votre mouvement a arrêté la ronde {number}.</translation>
        </message>
        <message>
            <source>Zoom</source>
            <translation>Zoom</translation>
        </message>
        <message>
            <source>Zoom {zoom:.0f} %</source>
            <translation>Zoom {zoom:.0f} %</translation>
        </message>
        <message>
            <source>cruise {number}</source>
            <translation>ronde {number}</translation>
        </message>
        <message>
            <source>nobody</source>
            <translation>personne</translation>
        </message>
        <message>
            <source>you</source>
            <translation>vous</translation>
        </message>
        <message>
            <source>{cruise} now moves the camera; a move here stops it.</source>
            <translation>{cruise} déplace maintenant la caméra ; un mouvement ici l'arrête.</translation>
        </message>
        <message>
            <source>{holder} took control of this camera (priority {priority}).</source>
            <translation>{holder} a pris la commande de cette caméra (priorité {priority}).</translation>
        </message>
        <message>
            <source>{percent} %</source>
            <translation>{percent} %</translation>
        </message>
        <message>
            <source>· moving</source>
            <translation>· en mouvement</translation>
        </message>
        <message>
            <source>− Wide</source>
            <translation>− Grand angle</translation>
        </message>
    </context>
    <context>
        <name>RatePlot</name>
        <message>
            <source>Gbit/s</source>
            <translation>Gbit/s</translation>
        </message>
        <message>
            <source>Mbit/s</source>
            <translation>Mbit/s</translation>
        </message>
        <message>
            <source>bit/s</source>
            <translation>bit/s</translation>
        </message>
        <message>
            <source>in {rx} · out {tx} · top {top}</source>
            <translation>entrant {rx} · sortant {tx} · max {top}</translation>
        </message>
        <message>
            <source>kbit/s</source>
            <translation>kbit/s</translation>
        </message>
    </context>
    <context>
        <name>RecordingTab</name>
        <message>
            <source> s</source>
            <translation> s</translation>
        </message>
        <message>
            <source>A preset fills the four schedules below</source>
            <translation>Un modèle remplit les quatre plannings ci-dessous</translation>
        </message>
        <message>
            <source>Also apply to these cameras</source>
            <translation>Appliquer aussi à ces caméras</translation>
        </message>
        <message>
            <source>Always (24×7)</source>
            <translation>Toujours (24 h/24, 7 j/7)</translation>
        </message>
        <message>
            <source>Always (24×7) + analytics</source>
            <translation>Toujours (24 h/24, 7 j/7) + analyse vidéo</translation>
        </message>
        <message>
            <source>Always (24×7) + motion</source>
            <translation>Toujours (24 h/24, 7 j/7) + mouvement</translation>
        </message>
        <message>
            <source>Always (24×7) + motion + sensor</source>
            <translation>Toujours (24 h/24, 7 j/7) + mouvement + capteur</translation>
        </message>
        <message>
            <source>Always (24×7) + sensor</source>
            <translation>Toujours (24 h/24, 7 j/7) + capteur</translation>
        </message>
        <message>
            <source>Analytics</source>
            <translation>Analyse vidéo</translation>
        </message>
        <message>
            <source>Both streams</source>
            <translation>Les deux flux</translation>
        </message>
        <message>
            <source>Custom schedules</source>
            <translation>Plannings personnalisés</translation>
        </message>
        <message>
            <source>Event recording</source>
            <translation>Enregistrement sur événement</translation>
        </message>
        <message>
            <source>Kept after an event ends</source>
            <translation>Conservé après la fin d'un événement</translation>
        </message>
        <message>
            <source>Kept before an event starts</source>
            <translation>Conservé avant le début d'un événement</translation>
        </message>
        <message>
            <source>Main stream</source>
            <translation>Flux principal</translation>
        </message>
        <message>
            <source>Make, edit, rename and delete schedules</source>
            <translation>Créer, modifier, renommer et supprimer des plannings</translation>
        </message>
        <message>
            <source>Mode</source>
            <translation>Mode</translation>
        </message>
        <message>
            <source>Mode and schedules</source>
            <translation>Mode et plannings</translation>
        </message>
        <message>
            <source>Motion</source>
            <translation>Mouvement</translation>
        </message>
        <message>
            <source>Motion + sensor</source>
            <translation>Mouvement + capteur</translation>
        </message>
        <message>
            <source>No recording policy set yet: both streams are recorded always</source>
            <translation>Aucune règle d'enregistrement définie : les deux flux sont enregistrés en permanence</translation>
        </message>
        <message>
            <source>None</source>
            <translation>Aucun</translation>
        </message>
        <message>
            <source>None (no recording)</source>
            <translation>Aucun (pas d'enregistrement)</translation>
        </message>
        <message>
            <source>Normal</source>
            <translation>Normal</translation>
        </message>
        <message>
            <source>Normal recording</source>
            <translation>Enregistrement normal</translation>
        </message>
        <message>
            <source>Post-alarm</source>
            <translation>Post-alarme</translation>
        </message>
        <message>
            <source>Pre-alarm</source>
            <translation>Pré-alarme</translation>
        </message>
        <message>
            <source>Read again</source>
            <translation>Relire</translation>
        </message>
        <message>
            <source>Reading the recording settings…</source>
            <translation>Lecture des paramètres d'enregistrement…</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>Enregistrer</translation>
        </message>
        <message>
            <source>Saved</source>
            <translation>Enregistré</translation>
        </message>
        <message numerus="yes">
            <source>Saved, and copied to {count} cameras</source>
            <extracomment>Singular: Saved, and copied to {count} camera</extracomment>
            <translation>
                <numerusform>Enregistré, et copié sur {count} caméra</numerusform>
                <numerusform>Enregistré, et copié sur {count} caméras</numerusform>
            </translation>
        </message>
        <message>
            <source>Saving…</source>
            <translation>Enregistrement…</translation>
        </message>
        <message>
            <source>Schedules…</source>
            <translation>Plannings…</translation>
        </message>
        <message>
            <source>Sensor</source>
            <translation>Capteur</translation>
        </message>
        <message>
            <source>Streams and event times</source>
            <translation>Flux et durées d'événement</translation>
        </message>
        <message>
            <source>Sub stream</source>
            <translation>Flux secondaire</translation>
        </message>
        <message>
            <source>There is no other camera.</source>
            <translation>Il n'y a pas d'autre caméra.</translation>
        </message>
        <message>
            <source>none</source>
            <translation>aucun</translation>
        </message>
        <message>
            <source>{kind}: {schedule}</source>
            <translation>{kind} : {schedule}</translation>
        </message>
    </context>
    <context>
        <name>RecoveryDialog</name>
        <message>
            <source>An answer is wrong; nothing was changed.</source>
            <translation>Une réponse est fausse ; rien n'a été modifié.</translation>
        </message>
        <message>
            <source>Answer the questions you chose when the password was set, then choose a new password. Your other sessions end.</source>
            <translation>Répondez aux questions choisies lors de la définition du mot de passe, puis choisissez un nouveau mot de passe. Vos autres sessions se terminent.</translation>
        </message>
        <message>
            <source>Asking the recorder…</source>
            <translation>Interrogation de l'enregistreur…</translation>
        </message>
        <message>
            <source>Checking the answers…</source>
            <translation>Vérification des réponses…</translation>
        </message>
        <message>
            <source>Enter the user name.</source>
            <translation>Saisissez le nom d'utilisateur.</translation>
        </message>
        <message>
            <source>New password</source>
            <translation>Nouveau mot de passe</translation>
        </message>
        <message>
            <source>New password again</source>
            <translation>Confirmer le nouveau mot de passe</translation>
        </message>
        <message>
            <source>Set the new password</source>
            <translation>Définir le nouveau mot de passe</translation>
        </message>
        <message>
            <source>Show my questions</source>
            <translation>Afficher mes questions</translation>
        </message>
        <message>
            <source>The password is changed.</source>
            <translation>Le mot de passe est changé.</translation>
        </message>
        <message>
            <source>The two passwords differ.</source>
            <translation>Les deux mots de passe diffèrent.</translation>
        </message>
        <message>
            <source>This account has no recovery questions; ask an administrator.</source>
            <translation>Ce compte n'a pas de questions de récupération ; adressez-vous à un administrateur.</translation>
        </message>
        <message>
            <source>User</source>
            <translation>Utilisateur</translation>
        </message>
        <message>
            <source>Vedette — forgotten password</source>
            <translation>Vedette — mot de passe oublié</translation>
        </message>
    </context>
    <context>
        <name>ReplaySource</name>
        <message>
            <source>End of recording</source>
            <translation>Fin de l'enregistrement</translation>
        </message>
    </context>
    <context>
        <name>ReserveButton</name>
        <message>
            <source>End the reservation of this camera</source>
            <translation>Mettre fin à la réservation de cette caméra</translation>
        </message>
        <message>
            <source>Release</source>
            <translation>Libérer</translation>
        </message>
        <message>
            <source>Reserve</source>
            <translation>Réserver</translation>
        </message>
        <message>
            <source>Reserve this camera for an hour: only you move it until you release it</source>
            <translation>Réserver cette caméra pendant une heure : vous seul la déplacez jusqu'à ce que vous la libériez</translation>
        </message>
    </context>
    <context>
        <name>RtspTab</name>
        <message>
            <source>A camera is already called “{name}”</source>
            <translation>Une caméra s'appelle déjà « {name} »</translation>
        </message>
        <message>
            <source>Add camera</source>
            <translation>Ajouter la caméra</translation>
        </message>
        <message>
            <source>Added “{name}” (camera #{id})</source>
            <translation>« {name} » ajoutée (caméra n° {id})</translation>
        </message>
        <message>
            <source>Adding…</source>
            <translation>Ajout…</translation>
        </message>
        <message>
            <source>Camera user</source>
            <translation>Utilisateur de la caméra</translation>
        </message>
        <message>
            <source>Front door</source>
            <translation>Porte d'entrée</translation>
        </message>
        <message>
            <source>Give the camera a name</source>
            <translation>Donnez un nom à la caméra</translation>
        </message>
        <message>
            <source>Give the user name and password here, not inside the URLs.</source>
            <translation>Indiquez le nom d'utilisateur et le mot de passe ici, pas dans les URL.</translation>
        </message>
        <message>
            <source>Main stream URL</source>
            <translation>URL du flux principal</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>Mot de passe</translation>
        </message>
        <message>
            <source>Sub stream URL</source>
            <translation>URL du flux secondaire</translation>
        </message>
        <message>
            <source>The main stream URL must start with rtsp:// or rtsps://</source>
            <translation>L'URL du flux principal doit commencer par rtsp:// ou rtsps://</translation>
        </message>
        <message>
            <source>The sub stream URL must start with rtsp:// or rtsps://</source>
            <translation>L'URL du flux secondaire doit commencer par rtsp:// ou rtsps://</translation>
        </message>
        <message>
            <source>optional: the low-resolution stream</source>
            <translation>facultatif : le flux basse résolution</translation>
        </message>
    </context>
    <context>
        <name>SavedViews</name>
        <message numerus="yes">
            <source>({count} tiles of cameras that are not the site's are not saved)</source>
            <extracomment>Singular: ({count} tile of a camera that is not the site's is not saved)</extracomment>
            <translation>
                <numerusform>({count} vignette d'une caméra hors du site n'est pas enregistrée)</numerusform>
                <numerusform>({count} vignettes de caméras hors du site ne sont pas enregistrées)</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>({count} tiles of other servers are not saved)</source>
            <extracomment>Singular: ({count} tile of other servers is not saved)</extracomment>
            <translation>
                <numerusform>({count} vignette d'autres serveurs n'est pas enregistrée)</numerusform>
                <numerusform>({count} vignettes d'autres serveurs ne sont pas enregistrées)</numerusform>
            </translation>
        </message>
        <message>
            <source>Delete a tour</source>
            <translation>Supprimer une séquence</translation>
        </message>
        <message>
            <source>Delete “{name}”</source>
            <translation>Supprimer « {name} »</translation>
        </message>
        <message>
            <source>Name of the view:</source>
            <translation>Nom de la vue :</translation>
        </message>
        <message>
            <source>New name:</source>
            <translation>Nouveau nom :</translation>
        </message>
        <message>
            <source>New tour of saved views…</source>
            <translation>Nouvelle séquence de vues enregistrées…</translation>
        </message>
        <message>
            <source>No saved tour yet</source>
            <translation>Aucune séquence enregistrée</translation>
        </message>
        <message>
            <source>No saved view yet</source>
            <translation>Aucune vue enregistrée</translation>
        </message>
        <message>
            <source>Recall or save a view first</source>
            <translation>Rappelez ou enregistrez d'abord une vue</translation>
        </message>
        <message>
            <source>Reload from the server</source>
            <translation>Recharger depuis le serveur</translation>
        </message>
        <message>
            <source>Rename view</source>
            <translation>Renommer la vue</translation>
        </message>
        <message>
            <source>Rename “{name}”…</source>
            <translation>Renommer « {name} »…</translation>
        </message>
        <message>
            <source>Save changes to “{name}”</source>
            <translation>Enregistrer les modifications de « {name} »</translation>
        </message>
        <message>
            <source>Save shared view as…</source>
            <translation>Enregistrer la vue partagée sous…</translation>
        </message>
        <message>
            <source>Save some views first: a tour shows saved views in turn</source>
            <translation>Enregistrez d'abord des vues : une séquence affiche les vues enregistrées à tour de rôle</translation>
        </message>
        <message>
            <source>Save view</source>
            <translation>Enregistrer la vue</translation>
        </message>
        <message>
            <source>Save view as…</source>
            <translation>Enregistrer la vue sous…</translation>
        </message>
        <message>
            <source>Stop the tour</source>
            <translation>Arrêter la séquence</translation>
        </message>
        <message>
            <source>Tour “{name}” deleted</source>
            <translation>Séquence « {name} » supprimée</translation>
        </message>
        <message>
            <source>Tour “{name}” saved</source>
            <translation>Séquence « {name} » enregistrée</translation>
        </message>
        <message>
            <source>View renamed “{name}”</source>
            <translation>Vue renommée « {name} »</translation>
        </message>
        <message>
            <source>View “{name}” deleted</source>
            <translation>Vue « {name} » supprimée</translation>
        </message>
        <message>
            <source>View “{name}” saved</source>
            <translation>Vue « {name} » enregistrée</translation>
        </message>
    </context>
    <context>
        <name>SchedulesDialog</name>
        <message>
            <source>A new schedule: draw its hours, name it and save.</source>
            <translation>Un nouveau planning : dessinez ses heures, nommez-le et enregistrez.</translation>
        </message>
        <message>
            <source>A preset: its hours can be changed, not its name.</source>
            <translation>Un modèle : ses heures peuvent être modifiées, pas son nom.</translation>
        </message>
        <message>
            <source>Built in: always, every day. It cannot be changed or deleted.</source>
            <translation>Intégré : toujours, tous les jours. Il ne peut être ni modifié ni supprimé.</translation>
        </message>
        <message>
            <source>Changes not saved</source>
            <translation>Modifications non enregistrées</translation>
        </message>
        <message>
            <source>Delete schedule</source>
            <translation>Supprimer le planning</translation>
        </message>
        <message>
            <source>Delete the schedule “{name}”?</source>
            <translation>Supprimer le planning « {name} » ?</translation>
        </message>
        <message>
            <source>Deleted “{name}”</source>
            <translation>« {name} » supprimé</translation>
        </message>
        <message>
            <source>Delete…</source>
            <translation>Supprimer…</translation>
        </message>
        <message>
            <source>Deleting…</source>
            <translation>Suppression…</translation>
        </message>
        <message>
            <source>Forget the changes to “{name}”?</source>
            <translation>Abandonner les modifications de « {name} » ?</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <source>Name of the schedule</source>
            <translation>Nom du planning</translation>
        </message>
        <message>
            <source>New</source>
            <translation>Nouveau</translation>
        </message>
        <message>
            <source>No camera uses it.</source>
            <translation>Aucune caméra ne l'utilise.</translation>
        </message>
        <message>
            <source>Reading the schedules…</source>
            <translation>Lecture des plannings…</translation>
        </message>
        <message>
            <source>Recorded</source>
            <translation>Enregistré</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>Enregistrer</translation>
        </message>
        <message>
            <source>Saved</source>
            <translation>Enregistré</translation>
        </message>
        <message>
            <source>Saving…</source>
            <translation>Enregistrement…</translation>
        </message>
        <message>
            <source>Schedules</source>
            <translation>Plannings</translation>
        </message>
        <message>
            <source>The schedule needs a name</source>
            <translation>Le planning doit avoir un nom</translation>
        </message>
        <message>
            <source>Used by: {cameras}.</source>
            <translation>Utilisé par : {cameras}.</translation>
        </message>
        <message>
            <source>the new schedule</source>
            <translation>le nouveau planning</translation>
        </message>
        <message>
            <source>{name} (built in, read-only)</source>
            <translation>{name} (intégré, lecture seule)</translation>
        </message>
        <message>
            <source>{name} (preset)</source>
            <translation>{name} (modèle)</translation>
        </message>
    </context>
    <context>
        <name>Search</name>
        <message>
            <source>no picture</source>
            <translation>pas d'image</translation>
        </message>
        <message>
            <source>no recording</source>
            <translation>pas d'enregistrement</translation>
        </message>
    </context>
    <context>
        <name>SearchView</name>
        <message>
            <source>By time</source>
            <translation>Par heure</translation>
        </message>
        <message>
            <source>Events</source>
            <translation>Événements</translation>
        </message>
        <message>
            <source>Motion</source>
            <translation>Mouvement</translation>
        </message>
        <message>
            <source>Snapshots</source>
            <translation>Instantanés</translation>
        </message>
        <message>
            <source>Tags</source>
            <translation>Repères</translation>
        </message>
        <message>
            <source>Time slices</source>
            <translation>Tranches de temps</translation>
        </message>
    </context>
    <context>
        <name>SequenceDialog</name>
        <message>
            <source> s per camera</source>
            <translation> s par caméra</translation>
        </message>
        <message>
            <source>Cameras, in the order checked</source>
            <translation>Caméras, dans l'ordre de sélection</translation>
        </message>
        <message>
            <source>Dwell</source>
            <translation>Durée</translation>
        </message>
        <message>
            <source>Entrances</source>
            <translation>Entrées du bâtiment</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <source>Sequence group</source>
            <translation>Groupe de séquence</translation>
        </message>
        <message numerus="yes">
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
            <source>Could not sign in again after the server restarted: {reason}</source>
            <translation>Impossible de se reconnecter après le redémarrage du serveur : {reason}</translation>
        </message>
        <message>
            <source>Signed out after {minutes} min without activity (the server's automatic logout). Sign in to go on.</source>
            <translation>Déconnecté après {minutes} min d'inactivité (déconnexion automatique du serveur). Reconnectez-vous pour continuer.</translation>
        </message>
        <message>
            <source>Signed out: the server ended this session. Sign in to go on.</source>
            <translation>Déconnecté : le serveur a mis fin à cette session. Reconnectez-vous pour continuer.</translation>
        </message>
        <message>
            <source>The server restarted. Sign in to go on.</source>
            <translation>Le serveur a redémarré. Reconnectez-vous pour continuer.</translation>
        </message>
    </context>
    <context>
        <name>SignInDialog</name>
        <message>
            <source>&lt;b&gt;First connection to {server}.&lt;/b&gt;&lt;br&gt;Certificate SHA-256:&lt;br&gt;&lt;tt&gt;{fingerprint}&lt;/tt&gt;&lt;br&gt;Check that it matches the fingerprint the server shows, then trust it. It is pinned: a different certificate will be refused later.</source>
            <translation>&lt;b&gt;Première connexion à {server}.&lt;/b&gt;&lt;br&gt;Certificat SHA-256 :&lt;br&gt;&lt;tt&gt;{fingerprint}&lt;/tt&gt;&lt;br&gt;Vérifiez qu'il correspond à l'empreinte affichée par le serveur, puis faites-lui confiance. Il sera mémorisé : un certificat différent sera refusé par la suite.</translation>
        </message>
        <message>
            <source>&lt;b&gt;Warning: the certificate of {server} has changed.&lt;/b&gt;&lt;br&gt;Pinned SHA-256:&lt;br&gt;&lt;tt&gt;{pinned}&lt;/tt&gt;&lt;br&gt;Presented SHA-256:&lt;br&gt;&lt;tt&gt;{presented}&lt;/tt&gt;&lt;br&gt;The server may have been reinstalled, or someone may be intercepting the connection. The console refuses to connect. Ask the administrator to compare the fingerprint with the one the server prints, then remove the old entry from the known-servers file.</source>
            <translation>&lt;b&gt;Attention : le certificat de {server} a changé.&lt;/b&gt;&lt;br&gt;SHA-256 mémorisé :&lt;br&gt;&lt;tt&gt;{pinned}&lt;/tt&gt;&lt;br&gt;SHA-256 présenté :&lt;br&gt;&lt;tt&gt;{presented}&lt;/tt&gt;&lt;br&gt;Le serveur a peut-être été réinstallé, ou quelqu'un intercepte peut-être la connexion. La console refuse de se connecter. Demandez à l'administrateur de comparer l'empreinte avec celle qu'affiche le serveur, puis de retirer l'ancienne entrée du fichier des serveurs connus.</translation>
        </message>
        <message>
            <source>Contacting {address}…</source>
            <translation>Contact de {address}…</translation>
        </message>
        <message>
            <source>Forgot password?</source>
            <translation>Mot de passe oublié ?</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>Langue</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>Mot de passe</translation>
        </message>
        <message>
            <source>Password changed: sign in with the new one.</source>
            <translation>Mot de passe changé : connectez-vous avec le nouveau.</translation>
        </message>
        <message>
            <source>Refused: the server's certificate does not match the pinned one.</source>
            <translation>Refusé : le certificat du serveur ne correspond pas à celui mémorisé.</translation>
        </message>
        <message>
            <source>Remember the password (system keychain)</source>
            <translation>Mémoriser le mot de passe (trousseau du système)</translation>
        </message>
        <message>
            <source>Server</source>
            <translation>Serveur</translation>
        </message>
        <message>
            <source>Sign in</source>
            <translation>Se connecter</translation>
        </message>
        <message>
            <source>Sign in to a Vedette server</source>
            <translation>Connexion à un serveur Vedette</translation>
        </message>
        <message>
            <source>Signed in.</source>
            <translation>Connecté.</translation>
        </message>
        <message>
            <source>Signing in…</source>
            <translation>Connexion…</translation>
        </message>
        <message>
            <source>Trust and sign in</source>
            <translation>Faire confiance et se connecter</translation>
        </message>
        <message>
            <source>User</source>
            <translation>Utilisateur</translation>
        </message>
        <message>
            <source>Vedette — sign in</source>
            <translation>Vedette — connexion</translation>
        </message>
        <message>
            <source>Wrong user name or password.</source>
            <translation>Nom d'utilisateur ou mot de passe incorrect.</translation>
        </message>
        <message>
            <source>host:port, e.g. 192.168.1.20:7443</source>
            <translation>hôte:port, p. ex. 192.168.1.20:7443</translation>
        </message>
    </context>
    <context>
        <name>SiteAlarmList</name>
        <message>
            <source>Alarm</source>
            <translation>Alarme</translation>
        </message>
        <message>
            <source>Cameras</source>
            <translation>Caméras</translation>
        </message>
        <message>
            <source>Server</source>
            <translation>Serveur</translation>
        </message>
        <message>
            <source>State</source>
            <translation>État</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Heure</translation>
        </message>
        <message>
            <source>closed</source>
            <translation>clôturée</translation>
        </message>
        <message>
            <source>in progress</source>
            <translation>en cours</translation>
        </message>
        <message>
            <source>new</source>
            <translation>nouvelle</translation>
        </message>
        <message>
            <source>on hold</source>
            <translation>en attente</translation>
        </message>
    </context>
    <context>
        <name>SiteLink</name>
        <message>
            <source> · standby</source>
            <translation> · secours</translation>
        </message>
        <message>
            <source> · {recording}/{cameras} recording</source>
            <translation> · {recording}/{cameras} en enregistrement</translation>
        </message>
        <message>
            <source>The site directory ended this session: sign in again.</source>
            <translation>L'annuaire du site a mis fin à cette session : reconnectez-vous.</translation>
        </message>
        <message>
            <source>left the site</source>
            <translation>a quitté le site</translation>
        </message>
        <message>
            <source>offline</source>
            <translation>hors ligne</translation>
        </message>
        <message>
            <source>online</source>
            <translation>en ligne</translation>
        </message>
        <message>
            <source>site {site}: directory reachable</source>
            <translation>site {site} : annuaire joignable</translation>
        </message>
        <message>
            <source>site {site}: directory unreachable ({error}); the recording servers go on</source>
            <translation>site {site} : annuaire injoignable ({error}) ; les serveurs d'enregistrement continuent</translation>
        </message>
    </context>
    <context>
        <name>SnapshotGallery</name>
        <message>
            <source>#{id} camera {camera} {source}</source>
            <translation>n° {id} caméra {camera} {source}</translation>
        </message>
        <message>
            <source>Delete selected</source>
            <translation>Supprimer la sélection</translation>
        </message>
        <message>
            <source>Export selected</source>
            <translation>Exporter la sélection</translation>
        </message>
        <message>
            <source>Exported to {folder} on the server</source>
            <translation>Exporté dans {folder} sur le serveur</translation>
        </message>
        <message>
            <source>Next ▶</source>
            <translation>Suivant ▶</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>Actualiser</translation>
        </message>
        <message>
            <source>Select a snapshot</source>
            <translation>Sélectionnez un instantané</translation>
        </message>
        <message>
            <source>Slideshow</source>
            <translation>Diaporama</translation>
        </message>
        <message>
            <source>live</source>
            <translation>direct</translation>
        </message>
        <message>
            <source>recorded</source>
            <translation>enregistré</translation>
        </message>
        <message>
            <source>◀ Previous</source>
            <translation>◀ Précédent</translation>
        </message>
    </context>
    <context>
        <name>SpotDisplay</name>
        <message>
            <source>Cannot sign in as {user}: no password in the keychain or VEDETTE_PASSWORD</source>
            <translation>Connexion impossible en tant que {user} : aucun mot de passe dans le trousseau ni dans VEDETTE_PASSWORD</translation>
        </message>
        <message>
            <source>Cannot sign in to {server}: {error}</source>
            <translation>Connexion impossible à {server} : {error}</translation>
        </message>
        <message>
            <source>Cannot sign in: give --server and --user</source>
            <translation>Connexion impossible : indiquez --server et --user</translation>
        </message>
        <message>
            <source>Connecting to {server}…</source>
            <translation>Connexion à {server}…</translation>
        </message>
        <message>
            <source>No view assigned to the secondary display</source>
            <translation>Aucune vue attribuée à l'écran secondaire</translation>
        </message>
        <message>
            <source>Not signed in</source>
            <translation>Non connecté</translation>
        </message>
        <message>
            <source>Signed out: {reason}</source>
            <translation>Déconnecté : {reason}</translation>
        </message>
        <message>
            <source>The server does not answer: {error}</source>
            <translation>Le serveur ne répond pas : {error}</translation>
        </message>
    </context>
    <context>
        <name>SpotWindow</name>
        <message>
            <source>Starting…</source>
            <translation>Démarrage…</translation>
        </message>
        <message>
            <source>Vedette spot monitor</source>
            <translation>Vedette — moniteur spot</translation>
        </message>
    </context>
    <context>
        <name>StackedBars</name>
        <message>
            <source>{category} · {series}: {count}</source>
            <translation>{category} · {series} : {count}</translation>
        </message>
    </context>
    <context>
        <name>StartupWizard</name>
        <message>
            <source>Add folder</source>
            <translation>Ajouter le dossier</translation>
        </message>
        <message>
            <source>Adding…</source>
            <translation>Ajout…</translation>
        </message>
        <message>
            <source>Addresses</source>
            <translation>Adresses</translation>
        </message>
        <message>
            <source>Administrator</source>
            <translation>Administrateur</translation>
        </message>
        <message>
            <source>Answer</source>
            <translation>Réponse</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Précédent</translation>
        </message>
        <message>
            <source>Cameras</source>
            <translation>Caméras</translation>
        </message>
        <message>
            <source>Choose a schedule</source>
            <translation>Choisissez un planning</translation>
        </message>
        <message>
            <source>Choose the password of the administrator account “admin”, and three security questions: their answers let you set a new password on this appliance if it is forgotten.</source>
            <translation>Choisissez le mot de passe du compte administrateur « admin » et trois questions de sécurité : leurs réponses vous permettront de définir un nouveau mot de passe sur cet enregistreur en cas d'oubli.</translation>
        </message>
        <message>
            <source>Choose three different questions</source>
            <translation>Choisissez trois questions différentes</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Fermer</translation>
        </message>
        <message>
            <source>Continuous, within a schedule:</source>
            <translation>Continu, selon un planning :</translation>
        </message>
        <message>
            <source>Continuous: all the time</source>
            <translation>Continu : en permanence</translation>
        </message>
        <message>
            <source>Date and time</source>
            <translation>Date et heure</translation>
        </message>
        <message>
            <source>Disks</source>
            <translation>Disques</translation>
        </message>
        <message>
            <source>Enter the password</source>
            <translation>Saisissez le mot de passe</translation>
        </message>
        <message>
            <source>Find ONVIF cameras</source>
            <translation>Rechercher des caméras ONVIF</translation>
        </message>
        <message>
            <source>Finish</source>
            <translation>Terminer</translation>
        </message>
        <message>
            <source>Folder</source>
            <translation>Dossier</translation>
        </message>
        <message>
            <source>Free</source>
            <translation>Libre</translation>
        </message>
        <message>
            <source>From a time server (NTP)</source>
            <translation>Depuis un serveur de temps (NTP)</translation>
        </message>
        <message>
            <source>Full or read-only</source>
            <translation>Plein ou en lecture seule</translation>
        </message>
        <message>
            <source>Give a question and its answer</source>
            <translation>Indiquez une question et sa réponse</translation>
        </message>
        <message>
            <source>Give the folder's full path, starting with /</source>
            <translation>Indiquez le chemin complet du dossier, commençant par /</translation>
        </message>
        <message>
            <source>How every camera records (each camera can be changed later).</source>
            <translation>Comment chaque caméra enregistre (chaque caméra peut être modifiée plus tard).</translation>
        </message>
        <message>
            <source>In use</source>
            <translation>Utilisé</translation>
        </message>
        <message>
            <source>In which town was your mother born?</source>
            <translation>Dans quelle ville votre mère est-elle née ?</translation>
        </message>
        <message>
            <source>Initialise volume</source>
            <translation>Initialiser le volume</translation>
        </message>
        <message>
            <source>Initialise {path} for recording? The recorder marks the folder as its own and starts recording into it; files already in the folder are left as they are, but the recorder may delete its oldest recordings there when the disk is full.</source>
            <translation>Initialiser {path} pour l'enregistrement ? L'enregistreur marque le dossier comme le sien et commence à y enregistrer ; les fichiers déjà présents sont laissés tels quels, mais l'enregistreur peut y supprimer ses enregistrements les plus anciens quand le disque est plein.</translation>
        </message>
        <message>
            <source>Initialise…</source>
            <translation>Initialiser…</translation>
        </message>
        <message>
            <source>Initialising…</source>
            <translation>Initialisation…</translation>
        </message>
        <message>
            <source>Interface</source>
            <translation>Interface</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>Langue</translation>
        </message>
        <message>
            <source>Link</source>
            <translation>Liaison</translation>
        </message>
        <message>
            <source>MAC address</source>
            <translation>Adresse MAC</translation>
        </message>
        <message>
            <source>NTP from {server}</source>
            <translation>NTP depuis {server}</translation>
        </message>
        <message>
            <source>Network</source>
            <translation>Réseau</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>Suivant</translation>
        </message>
        <message>
            <source>No camera yet: add cameras first, or set this later.</source>
            <translation>Aucune caméra pour l'instant : ajoutez d'abord des caméras, ou réglez ceci plus tard.</translation>
        </message>
        <message>
            <source>No volume yet: add a disk's folder.</source>
            <translation>Aucun volume pour l'instant : ajoutez le dossier d'un disque.</translation>
        </message>
        <message>
            <source>Not initialised</source>
            <translation>Non initialisé</translation>
        </message>
        <message>
            <source>Not signed in (the administrator step was skipped): nothing to do here.</source>
            <translation>Non connecté (l'étape administrateur a été passée) : rien à faire ici.</translation>
        </message>
        <message>
            <source>Not signed in: the wizard opens again at the next start.</source>
            <translation>Non connecté : l'assistant s'ouvrira de nouveau au prochain démarrage.</translation>
        </message>
        <message>
            <source>On motion only</source>
            <translation>Sur mouvement uniquement</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>Mot de passe</translation>
        </message>
        <message>
            <source>Password again</source>
            <translation>Confirmer le mot de passe</translation>
        </message>
        <message>
            <source>Password and security questions set; signed in as {user}</source>
            <translation>Mot de passe et questions de sécurité définis ; connecté en tant que {user}</translation>
        </message>
        <message>
            <source>Question {number}</source>
            <translation>Question {number}</translation>
        </message>
        <message>
            <source>RTSP URL</source>
            <translation>URL RTSP</translation>
        </message>
        <message>
            <source>Reading…</source>
            <translation>Lecture…</translation>
        </message>
        <message>
            <source>Recording</source>
            <translation>Enregistrement</translation>
        </message>
        <message>
            <source>Refused: {reason}</source>
            <translation>Refusé : {reason}</translation>
        </message>
        <message>
            <source>Saving the language…</source>
            <translation>Enregistrement de la langue…</translation>
        </message>
        <message>
            <source>Saving…</source>
            <translation>Enregistrement…</translation>
        </message>
        <message>
            <source>Search the network for ONVIF cameras, tick them and add them; or add a camera by its RTSP address.</source>
            <translation>Recherchez les caméras ONVIF sur le réseau, cochez-les et ajoutez-les ; ou ajoutez une caméra par son adresse RTSP.</translation>
        </message>
        <message>
            <source>Set by hand</source>
            <translation>Réglage manuel</translation>
        </message>
        <message>
            <source>Setting the clock…</source>
            <translation>Réglage de l'horloge…</translation>
        </message>
        <message>
            <source>Show this wizard at next start</source>
            <translation>Afficher cet assistant au prochain démarrage</translation>
        </message>
        <message>
            <source>Shown (not changed)</source>
            <translation>Affiché (non modifié)</translation>
        </message>
        <message>
            <source>Signed in as {user}</source>
            <translation>Connecté en tant que {user}</translation>
        </message>
        <message>
            <source>Signing in…</source>
            <translation>Connexion…</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>Taille</translation>
        </message>
        <message>
            <source>Skip</source>
            <translation>Passer</translation>
        </message>
        <message>
            <source>State</source>
            <translation>État</translation>
        </message>
        <message>
            <source>Summary</source>
            <translation>Résumé</translation>
        </message>
        <message>
            <source>The administrator password is set: sign in to go on.</source>
            <translation>Le mot de passe administrateur est défini : connectez-vous pour continuer.</translation>
        </message>
        <message>
            <source>The language of the console and of the server's messages.</source>
            <translation>La langue de la console et des messages du serveur.</translation>
        </message>
        <message>
            <source>The network interfaces of the recorder and their addresses.</source>
            <translation>Les interfaces réseau de l'enregistreur et leurs adresses.</translation>
        </message>
        <message>
            <source>The server lists no network interface.</source>
            <translation>Le serveur n'indique aucune interface réseau.</translation>
        </message>
        <message>
            <source>The time zone the recordings are shown in, and where the clock comes from.</source>
            <translation>Le fuseau horaire dans lequel les enregistrements sont affichés, et la source de l'horloge.</translation>
        </message>
        <message>
            <source>The two passwords differ</source>
            <translation>Les deux mots de passe diffèrent</translation>
        </message>
        <message>
            <source>These settings are shown here, not changed: set the recorder's address, gateway and DNS on its host system for now.</source>
            <translation>Ces paramètres sont affichés ici, pas modifiés : pour l'instant, réglez l'adresse, la passerelle et le DNS de l'enregistreur sur son système hôte.</translation>
        </message>
        <message>
            <source>This server does not set its computer's clock (it is not an appliance): the zone is used to show times; set the clock on the computer itself.</source>
            <translation>Ce serveur ne règle pas l'horloge de son ordinateur (ce n'est pas un enregistreur dédié) : le fuseau sert à afficher les heures ; réglez l'horloge sur l'ordinateur lui-même.</translation>
        </message>
        <message>
            <source>Time server</source>
            <translation>Serveur de temps</translation>
        </message>
        <message>
            <source>Time zone</source>
            <translation>Fuseau horaire</translation>
        </message>
        <message>
            <source>Time zone {zone}, clock {source}</source>
            <translation>Fuseau horaire {zone}, horloge {source}</translation>
        </message>
        <message>
            <source>Unavailable</source>
            <translation>Indisponible</translation>
        </message>
        <message>
            <source>User</source>
            <translation>Utilisateur</translation>
        </message>
        <message>
            <source>Vedette — first start</source>
            <translation>Vedette — premier démarrage</translation>
        </message>
        <message>
            <source>Wait until the cameras being added are done</source>
            <translation>Attendez la fin de l'ajout des caméras</translation>
        </message>
        <message>
            <source>What is the name of the street you grew up in?</source>
            <translation>Quel est le nom de la rue où vous avez grandi ?</translation>
        </message>
        <message>
            <source>What was set up. Everything can be changed later in Settings.</source>
            <translation>Ce qui a été configuré. Tout peut être modifié plus tard dans Paramètres.</translation>
        </message>
        <message>
            <source>What was the name of your first pet?</source>
            <translation>Quel était le nom de votre premier animal de compagnie ?</translation>
        </message>
        <message>
            <source>What was the name of your primary school?</source>
            <translation>Quel était le nom de votre école primaire ?</translation>
        </message>
        <message>
            <source>What was your first car?</source>
            <translation>Quelle était votre première voiture ?</translation>
        </message>
        <message>
            <source>Where the recordings go: add each disk's folder, then initialise it.</source>
            <translation>Où vont les enregistrements : ajoutez le dossier de chaque disque, puis initialisez-le.</translation>
        </message>
        <message>
            <source>Working…</source>
            <translation>En cours…</translation>
        </message>
        <message>
            <source>continuous recording</source>
            <translation>enregistrement continu</translation>
        </message>
        <message>
            <source>continuous recording within “{schedule}”</source>
            <translation>enregistrement continu selon « {schedule} »</translation>
        </message>
        <message>
            <source>down</source>
            <translation>inactive</translation>
        </message>
        <message>
            <source>none</source>
            <translation>aucun</translation>
        </message>
        <message>
            <source>nothing changed</source>
            <translation>rien n'a changé</translation>
        </message>
        <message>
            <source>recording on motion</source>
            <translation>enregistrement sur mouvement</translation>
        </message>
        <message>
            <source>set by hand</source>
            <translation>réglée manuellement</translation>
        </message>
        <message>
            <source>up</source>
            <translation>active</translation>
        </message>
        <message>
            <source>{cameras}: {mode}</source>
            <translation>{cameras} : {mode}</translation>
        </message>
        <message numerus="yes">
            <source>{count} cameras</source>
            <extracomment>Singular: {count} camera</extracomment>
            <translation>
                <numerusform>{count} caméra</numerusform>
                <numerusform>{count} caméras</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{count} cameras added</source>
            <extracomment>Singular: {count} camera added</extracomment>
            <translation>
                <numerusform>{count} caméra ajoutée</numerusform>
                <numerusform>{count} caméras ajoutées</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{count} cameras on the recorder</source>
            <extracomment>Singular: {count} camera on the recorder</extracomment>
            <translation>
                <numerusform>{count} caméra sur l'enregistreur</numerusform>
                <numerusform>{count} caméras sur l'enregistreur</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{count} cameras will record this way</source>
            <extracomment>Singular: {count} camera will record this way</extracomment>
            <translation>
                <numerusform>{count} caméra enregistrera ainsi</numerusform>
                <numerusform>{count} caméras enregistreront ainsi</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{count} interfaces</source>
            <extracomment>Singular: {count} interface</extracomment>
            <translation>
                <numerusform>{count} interface</numerusform>
                <numerusform>{count} interfaces</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{count} volumes added</source>
            <extracomment>Singular: {count} volume added</extracomment>
            <translation>
                <numerusform>{count} volume ajouté</numerusform>
                <numerusform>{count} volumes ajoutés</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{count} volumes initialised</source>
            <extracomment>Singular: {count} volume initialised</extracomment>
            <translation>
                <numerusform>{count} volume initialisé</numerusform>
                <numerusform>{count} volumes initialisés</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{count} volumes ready to record</source>
            <extracomment>Singular: {count} volume ready to record</extracomment>
            <translation>
                <numerusform>{count} volume prêt à enregistrer</numerusform>
                <numerusform>{count} volumes prêts à enregistrer</numerusform>
            </translation>
        </message>
        <message>
            <source>{language}, saved on the server</source>
            <translation>{language}, enregistrée sur le serveur</translation>
        </message>
        <message>
            <source>{outcome}; clock set to {time}</source>
            <translation>{outcome} ; horloge réglée à {time}</translation>
        </message>
        <message>
            <source>{size} GB</source>
            <translation>{size} Go</translation>
        </message>
        <message>
            <source>{step}: {outcome}</source>
            <translation>{step} : {outcome}</translation>
        </message>
    </context>
    <context>
        <name>StreamBox</name>
        <message>
            <source> fps</source>
            <translation> im/s</translation>
        </message>
        <message>
            <source> frames</source>
            <translation> images</translation>
        </message>
        <message>
            <source>Apply</source>
            <translation>Appliquer</translation>
        </message>
        <message>
            <source>Apply to all ONVIF cameras</source>
            <translation>Appliquer à toutes les caméras ONVIF</translation>
        </message>
        <message>
            <source>As the camera reports it; set on the camera itself</source>
            <translation>Tel que la caméra l'indique ; à régler sur la caméra elle-même</translation>
        </message>
        <message>
            <source>Audio</source>
            <translation>Audio</translation>
        </message>
        <message>
            <source>Bitrate</source>
            <translation>Débit</translation>
        </message>
        <message>
            <source>CBR: constant bitrate; VBR: variable, capped at the bitrate</source>
            <translation>CBR : débit constant ; VBR : variable, plafonné au débit</translation>
        </message>
        <message>
            <source>Codec</source>
            <translation>Codec</translation>
        </message>
        <message>
            <source>Frame rate</source>
            <translation>Fréquence d'images</translation>
        </message>
        <message>
            <source>H.264 profile</source>
            <translation>Profil H.264</translation>
        </message>
        <message>
            <source>Key frame interval</source>
            <translation>Intervalle d'images clés</translation>
        </message>
        <message>
            <source>Rate control</source>
            <translation>Contrôle du débit</translation>
        </message>
        <message>
            <source>Recommended for this size and rate: {low}–{high} kbit/s</source>
            <translation>Recommandé pour cette taille et cette fréquence : {low}–{high} kbit/s</translation>
        </message>
        <message>
            <source>Resolution</source>
            <translation>Résolution</translation>
        </message>
        <message>
            <source>The changed settings, on this stream of every ONVIF camera of the server</source>
            <translation>Les réglages modifiés, sur ce flux de toutes les caméras ONVIF du serveur</translation>
        </message>
        <message>
            <source>none</source>
            <translation>aucun</translation>
        </message>
        <message>
            <source>not reported by the camera</source>
            <translation>non indiqué par la caméra</translation>
        </message>
        <message>
            <source>unknown</source>
            <translation>inconnu</translation>
        </message>
        <message>
            <source>{kbps} kbit/s</source>
            <translation>{kbps} kbit/s</translation>
        </message>
        <message>
            <source>{khz:g} kHz</source>
            <translation>{khz:g} kHz</translation>
        </message>
    </context>
    <context>
        <name>StreamsTab</name>
        <message>
            <source>; failed: {list}</source>
            <translation> ; échec : {list}</translation>
        </message>
        <message>
            <source>Applied</source>
            <translation>Appliqué</translation>
        </message>
        <message>
            <source>Applied to {ok} of {count} cameras</source>
            <translation>Appliqué à {ok} caméras sur {count}</translation>
        </message>
        <message>
            <source>Applying to {count} cameras…</source>
            <translation>Application à {count} caméras…</translation>
        </message>
        <message>
            <source>Applying… the camera restarts this stream</source>
            <translation>Application… la caméra redémarre ce flux</translation>
        </message>
        <message>
            <source>Main stream</source>
            <translation>Flux principal</translation>
        </message>
        <message>
            <source>Read again</source>
            <translation>Relire</translation>
        </message>
        <message>
            <source>Reading the camera's stream settings…</source>
            <translation>Lecture des réglages de flux de la caméra…</translation>
        </message>
        <message>
            <source>Sub stream</source>
            <translation>Flux secondaire</translation>
        </message>
        <message>
            <source>The camera reports no stream settings.</source>
            <translation>La caméra n'indique aucun réglage de flux.</translation>
        </message>
        <message>
            <source>this camera: {error}</source>
            <translation>cette caméra : {error}</translation>
        </message>
    </context>
    <context>
        <name>TagList</name>
        <message>
            <source>By</source>
            <translation>Par</translation>
        </message>
        <message>
            <source>Camera</source>
            <translation>Caméra</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Supprimer</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <source>Play</source>
            <translation>Lire</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>Actualiser</translation>
        </message>
        <message>
            <source>Rename tag</source>
            <translation>Renommer le repère</translation>
        </message>
        <message>
            <source>Rename…</source>
            <translation>Renommer…</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Heure</translation>
        </message>
    </context>
    <context>
        <name>TimeDisplay</name>
        <message>
            <source>AM</source>
            <translation>AM</translation>
        </message>
        <message>
            <source>Apr</source>
            <translation>avr.</translation>
        </message>
        <message>
            <source>April</source>
            <translation>avril</translation>
        </message>
        <message>
            <source>Aug</source>
            <translation>août</translation>
        </message>
        <message>
            <source>August</source>
            <translation>août</translation>
        </message>
        <message>
            <source>Dec</source>
            <translation>déc.</translation>
        </message>
        <message>
            <source>December</source>
            <translation>décembre</translation>
        </message>
        <message>
            <source>Feb</source>
            <translation>févr.</translation>
        </message>
        <message>
            <source>February</source>
            <translation>février</translation>
        </message>
        <message>
            <source>Fri</source>
            <translation>ven.</translation>
        </message>
        <message>
            <source>Friday</source>
            <translation>vendredi</translation>
        </message>
        <message>
            <source>Jan</source>
            <translation>janv.</translation>
        </message>
        <message>
            <source>January</source>
            <translation>janvier</translation>
        </message>
        <message>
            <source>Jul</source>
            <translation>juil.</translation>
        </message>
        <message>
            <source>July</source>
            <translation>juillet</translation>
        </message>
        <message>
            <source>Jun</source>
            <translation>juin</translation>
        </message>
        <message>
            <source>June</source>
            <translation>juin</translation>
        </message>
        <message>
            <source>Mar</source>
            <translation>mars</translation>
        </message>
        <message>
            <source>March</source>
            <translation>mars</translation>
        </message>
        <message>
            <source>May</source>
            <translation>mai</translation>
        </message>
        <message>
            <source>Mon</source>
            <translation>lun.</translation>
        </message>
        <message>
            <source>Monday</source>
            <translation>lundi</translation>
        </message>
        <message>
            <source>Nov</source>
            <translation>nov.</translation>
        </message>
        <message>
            <source>November</source>
            <translation>novembre</translation>
        </message>
        <message>
            <source>Oct</source>
            <translation>oct.</translation>
        </message>
        <message>
            <source>October</source>
            <translation>octobre</translation>
        </message>
        <message>
            <source>PM</source>
            <translation>PM</translation>
        </message>
        <message>
            <source>Sat</source>
            <translation>sam.</translation>
        </message>
        <message>
            <source>Saturday</source>
            <translation>samedi</translation>
        </message>
        <message>
            <source>Sep</source>
            <translation>sept.</translation>
        </message>
        <message>
            <source>September</source>
            <translation>septembre</translation>
        </message>
        <message>
            <source>Sun</source>
            <translation>dim.</translation>
        </message>
        <message>
            <source>Sunday</source>
            <translation>dimanche</translation>
        </message>
        <message>
            <source>Thu</source>
            <translation>jeu.</translation>
        </message>
        <message>
            <source>Thursday</source>
            <translation>jeudi</translation>
        </message>
        <message>
            <source>Tue</source>
            <translation>mar.</translation>
        </message>
        <message>
            <source>Tuesday</source>
            <translation>mardi</translation>
        </message>
        <message>
            <source>Wed</source>
            <translation>mer.</translation>
        </message>
        <message>
            <source>Wednesday</source>
            <translation>mercredi</translation>
        </message>
        <message>
            <source>this computer's zone</source>
            <translation>fuseau de cet ordinateur</translation>
        </message>
    </context>
    <context>
        <name>TimeRangeDialog</name>
        <message>
            <source>Days</source>
            <translation>Jours</translation>
        </message>
        <message>
            <source>Do not record</source>
            <translation>Ne pas enregistrer</translation>
        </message>
        <message>
            <source>From</source>
            <translation>De</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>Enregistrer</translation>
        </message>
        <message>
            <source>Set hours</source>
            <translation>Définir les heures</translation>
        </message>
        <message>
            <source>The end must come after the start (00:00 as an end is midnight)</source>
            <translation>La fin doit venir après le début (00:00 comme fin signifie minuit)</translation>
        </message>
        <message>
            <source>Tick at least one day</source>
            <translation>Cochez au moins un jour</translation>
        </message>
        <message>
            <source>To</source>
            <translation>À</translation>
        </message>
    </context>
    <context>
        <name>TimeSearch</name>
        <message>
            <source>At most {count} cameras; the first ones are used</source>
            <translation>{count} caméras au plus ; les premières sont utilisées</translation>
        </message>
        <message>
            <source>Cameras (up to {count})</source>
            <translation>Caméras (jusqu'à {count})</translation>
        </message>
        <message>
            <source>Pick cameras, then move the pointer along the timeline</source>
            <translation>Choisissez des caméras, puis déplacez le pointeur le long de la frise</translation>
        </message>
        <message>
            <source>Thumbnails: {error}</source>
            <translation>Vignettes : {error}</translation>
        </message>
        <message>
            <source>{time} · {count} cameras · click one to play from here</source>
            <translation>{time} · {count} caméras · cliquez sur l'une d'elles pour la lire à partir d'ici</translation>
        </message>
    </context>
    <context>
        <name>TimeSliceView</name>
        <message>
            <source> · {count} not watched for motion</source>
            <translation> · {count} sans détection de mouvement</translation>
        </message>
        <message>
            <source>By camera</source>
            <translation>Par caméra</translation>
        </message>
        <message>
            <source>By time (every camera)</source>
            <translation>Par heure (toutes les caméras)</translation>
        </message>
        <message>
            <source>Camera</source>
            <translation>Caméra</translation>
        </message>
        <message>
            <source>Click a thumbnail to preview it; double-click to go down a level</source>
            <translation>Cliquez sur une vignette pour l'aperçu ; double-cliquez pour descendre d'un niveau</translation>
        </message>
        <message>
            <source>Day view</source>
            <translation>Vue jour</translation>
        </message>
        <message>
            <source>Every camera at {time} · loading…</source>
            <translation>Toutes les caméras à {time} · chargement…</translation>
        </message>
        <message>
            <source>Every camera at {time} · {cameras} cameras, {recorded} with recording · double-click one to search it by slices</source>
            <translation>Toutes les caméras à {time} · {cameras} caméras, {recorded} avec enregistrement · double-cliquez sur l'une d'elles pour la rechercher par tranches</translation>
        </message>
        <message>
            <source>Hour view</source>
            <translation>Vue heure</translation>
        </message>
        <message>
            <source>Minute view</source>
            <translation>Vue minute</translation>
        </message>
        <message>
            <source>Month view</source>
            <translation>Vue mois</translation>
        </message>
        <message>
            <source>Nothing was recorded in this slice</source>
            <translation>Rien n'a été enregistré dans cette tranche</translation>
        </message>
        <message>
            <source>Only slices with motion</source>
            <translation>Seulement les tranches avec mouvement</translation>
        </message>
        <message>
            <source>Open in playback</source>
            <translation>Ouvrir en lecture</translation>
        </message>
        <message>
            <source>Preview</source>
            <translation>Aperçu</translation>
        </message>
        <message>
            <source>Show</source>
            <translation>Afficher</translation>
        </message>
        <message>
            <source>Show each slice with motion at its first motion instead of its start</source>
            <translation>Afficher chaque tranche avec mouvement à son premier mouvement plutôt qu'à son début</translation>
        </message>
        <message>
            <source>Skip the slices in which the server's motion detection saw nothing</source>
            <translation>Ignorer les tranches où la détection de mouvement du serveur n'a rien vu</translation>
        </message>
        <message>
            <source>Thumbnail at first motion</source>
            <translation>Vignette au premier mouvement</translation>
        </message>
        <message>
            <source>Time slices: {error}</source>
            <translation>Tranches de temps : {error}</translation>
        </message>
        <message>
            <source>Year view</source>
            <translation>Vue année</translation>
        </message>
        <message>
            <source>motion</source>
            <translation>mouvement</translation>
        </message>
        <message>
            <source>no recording</source>
            <translation>pas d'enregistrement</translation>
        </message>
        <message>
            <source>{view} · {title} · loading…</source>
            <translation>{view} · {title} · chargement…</translation>
        </message>
        <message>
            <source>{view} · {title} · no slice with motion (motion is only known where the server's motion detection watched this camera)</source>
            <translation>{view} · {title} · aucune tranche avec mouvement (le mouvement n'est connu que là où la détection de mouvement du serveur surveillait cette caméra)</translation>
        </message>
        <message>
            <source>{view} · {title} · {moving} slices with motion</source>
            <translation>{view} · {title} · {moving} tranches avec mouvement</translation>
        </message>
        <message>
            <source>{view} · {title} · {slices} slices, {recorded} with recording, {moving} with motion</source>
            <translation>{view} · {title} · {slices} tranches, {recorded} avec enregistrement, {moving} avec mouvement</translation>
        </message>
        <message>
            <source>{when} · motion not watched</source>
            <translation>{when} · mouvement non surveillé</translation>
        </message>
        <message>
            <source>{when} · motion {duration}, first at {first}</source>
            <translation>{when} · mouvement {duration}, premier à {first}</translation>
        </message>
        <message>
            <source>{when} · no motion</source>
            <translation>{when} · aucun mouvement</translation>
        </message>
        <message>
            <source>▲ Up</source>
            <translation>▲ Remonter</translation>
        </message>
    </context>
    <context>
        <name>Timeline</name>
        <message>
            <source>Analytics</source>
            <translation>Analyse vidéo</translation>
        </message>
        <message>
            <source>Manual</source>
            <translation>Manuel</translation>
        </message>
        <message>
            <source>Motion</source>
            <translation>Mouvement</translation>
        </message>
        <message>
            <source>Schedule</source>
            <translation>Planning</translation>
        </message>
        <message>
            <source>Sensor</source>
            <translation>Capteur</translation>
        </message>
    </context>
    <context>
        <name>Toast</name>
        <message>
            <source>Acknowledge</source>
            <translation>Acquitter</translation>
        </message>
        <message>
            <source>Show</source>
            <translation>Afficher</translation>
        </message>
        <message>
            <source>escalated</source>
            <translation>escaladée</translation>
        </message>
        <message>
            <source>{priority} · {camera} · {time}</source>
            <translation>{priority} · {camera} · {time}</translation>
        </message>
        <message>
            <source>×{count}</source>
            <translation>×{count}</translation>
        </message>
    </context>
    <context>
        <name>TourDialog</name>
        <message>
            <source> s per view</source>
            <translation> s par vue</translation>
        </message>
        <message>
            <source>Dwell</source>
            <translation>Durée</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <source>New tour</source>
            <translation>Nouvelle séquence</translation>
        </message>
        <message>
            <source>Night rounds</source>
            <translation>Rondes de nuit</translation>
        </message>
        <message>
            <source>Shared with every user</source>
            <translation>Partagée avec tous les utilisateurs</translation>
        </message>
        <message>
            <source>Views, in the order checked</source>
            <translation>Vues, dans l'ordre de sélection</translation>
        </message>
    </context>
    <context>
        <name>TourPlayer</name>
        <message>
            <source>Tour paused: double-click again to go on</source>
            <translation>Séquence en pause : double-cliquez à nouveau pour continuer</translation>
        </message>
        <message>
            <source>Tour resumed</source>
            <translation>Séquence reprise</translation>
        </message>
        <message>
            <source>Tour started: double-click a tile to pause</source>
            <translation>Séquence démarrée : double-cliquez sur une vignette pour la mettre en pause</translation>
        </message>
        <message>
            <source>Tour “{name}” has no view you may see</source>
            <translation>La séquence « {name} » n'a aucune vue que vous pouvez voir</translation>
        </message>
        <message>
            <source>Tour “{name}” started: double-click a tile to pause</source>
            <translation>Séquence « {name} » démarrée : double-cliquez sur une vignette pour la mettre en pause</translation>
        </message>
        <message>
            <source>Tour “{name}”: none of its views is left</source>
            <translation>Séquence « {name} » : il ne reste aucune de ses vues</translation>
        </message>
    </context>
    <context>
        <name>VideoPopup</name>
        <message>
            <source>Alarm video: {camera}</source>
            <translation>Vidéo d'alarme : {camera}</translation>
        </message>
    </context>
    <context>
        <name>VideoTile</name>
        <message>
            <source>(no output)</source>
            <translation>(aucune sortie)</translation>
        </message>
        <message>
            <source>AUDIO {meter} {level_db} dB</source>
            <translation>AUDIO {meter} {level_db} dB</translation>
        </message>
        <message>
            <source>Alarm</source>
            <translation>Alarme</translation>
        </message>
        <message>
            <source>Drop a camera here</source>
            <translation>Déposez une caméra ici</translation>
        </message>
        <message>
            <source>MAIN</source>
            <translation>PRINC.</translation>
        </message>
        <message>
            <source>Motion</source>
            <translation>Mouvement</translation>
        </message>
        <message>
            <source>No signal</source>
            <translation>Pas de signal</translation>
        </message>
        <message>
            <source>PTZ</source>
            <translation>PTZ</translation>
        </message>
        <message>
            <source>SUB</source>
            <translation>SEC.</translation>
        </message>
        <message>
            <source>{group}: {camera}</source>
            <translation>{group} : {camera}</translation>
        </message>
    </context>
    <context>
        <name>WeekEditor</name>
        <message>
            <source>All</source>
            <translation>Tout</translation>
        </message>
        <message>
            <source>All of {day}</source>
            <translation>Tout le {day}</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>Effacer</translation>
        </message>
        <message>
            <source>Clear {day}</source>
            <translation>Effacer le {day}</translation>
        </message>
        <message>
            <source>Copy day…</source>
            <translation>Copier le jour…</translation>
        </message>
        <message>
            <source>Copy {day} to…</source>
            <translation>Copier le {day} vers…</translation>
        </message>
        <message>
            <source>Enter a start and an end to the minute</source>
            <translation>Saisissez un début et une fin à la minute près</translation>
        </message>
        <message>
            <source>Invert</source>
            <translation>Inverser</translation>
        </message>
        <message>
            <source>Invert {day}</source>
            <translation>Inverser le {day}</translation>
        </message>
        <message>
            <source>Presets</source>
            <translation>Modèles</translation>
        </message>
        <message>
            <source>Record all week</source>
            <translation>Enregistrer toute la semaine</translation>
        </message>
        <message>
            <source>Record nothing all week</source>
            <translation>N'enregistrer rien de la semaine</translation>
        </message>
        <message>
            <source>Set hours of {day}…</source>
            <translation>Définir les heures du {day}…</translation>
        </message>
        <message>
            <source>Set hours…</source>
            <translation>Définir les heures…</translation>
        </message>
        <message>
            <source>Swap the hours recorded and not recorded</source>
            <translation>Permuter les heures enregistrées et non enregistrées</translation>
        </message>
    </context>
    <context>
        <name>WeekGrid</name>
        <message>
            <source>Friday</source>
            <translation>vendredi</translation>
        </message>
        <message>
            <source>Monday</source>
            <translation>lundi</translation>
        </message>
        <message>
            <source>Saturday</source>
            <translation>samedi</translation>
        </message>
        <message>
            <source>Sunday</source>
            <translation>dimanche</translation>
        </message>
        <message>
            <source>Thursday</source>
            <translation>jeudi</translation>
        </message>
        <message>
            <source>Tuesday</source>
            <translation>mardi</translation>
        </message>
        <message>
            <source>Wednesday</source>
            <translation>mercredi</translation>
        </message>
        <message>
            <source>Week schedule</source>
            <translation>Planning hebdomadaire</translation>
        </message>
        <message>
            <source>off</source>
            <translation>non</translation>
        </message>
        <message>
            <source>on</source>
            <translation>oui</translation>
        </message>
        <message>
            <source>on {ranges}</source>
            <translation>oui {ranges}</translation>
        </message>
        <message>
            <source>{label} (editing)</source>
            <translation>{label} (en modification)</translation>
        </message>
    </context>
    <context>
        <name>alarm_admin</name>
        <message>
            <source> mails an hour, then a digest</source>
            <translation> courriels par heure, puis un récapitulatif</translation>
        </message>
        <message>
            <source>(always)</source>
            <translation>(toujours)</translation>
        </message>
        <message>
            <source>(choose)</source>
            <translation>(choisir)</translation>
        </message>
        <message>
            <source>(none)</source>
            <translation>(aucun)</translation>
        </message>
        <message>
            <source>1 — high</source>
            <translation>1 — haute</translation>
        </message>
        <message>
            <source>2 — medium</source>
            <translation>2 — moyenne</translation>
        </message>
        <message>
            <source>3 — low</source>
            <translation>3 — basse</translation>
        </message>
        <message>
            <source>A built-in rule cannot be deleted: disable it</source>
            <translation>Une règle intégrée ne peut pas être supprimée : désactivez-la</translation>
        </message>
        <message>
            <source>A one-second pulse</source>
            <translation>Une impulsion d'une seconde</translation>
        </message>
        <message>
            <source>About</source>
            <translation>Objet</translation>
        </message>
        <message>
            <source>Accepted by the mail server: {reply}</source>
            <translation>Accepté par le serveur de messagerie : {reply}</translation>
        </message>
        <message>
            <source>Acknowledge: 90 %</source>
            <translation>Acquittement : 90 %</translation>
        </message>
        <message>
            <source>Acknowledge: median</source>
            <translation>Acquittement : médiane</translation>
        </message>
        <message>
            <source>Actions</source>
            <translation>Actions</translation>
        </message>
        <message>
            <source>Add</source>
            <translation>Ajouter</translation>
        </message>
        <message>
            <source>Add Modbus box…</source>
            <translation>Ajouter un boîtier Modbus…</translation>
        </message>
        <message>
            <source>Add camera relays…</source>
            <translation>Ajouter les relais d'une caméra…</translation>
        </message>
        <message>
            <source>Add virtual…</source>
            <translation>Ajouter un virtuel…</translation>
        </message>
        <message>
            <source>Adding the device…</source>
            <translation>Ajout du périphérique…</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>Adresse</translation>
        </message>
        <message>
            <source>Address of input 0</source>
            <translation>Adresse de l'entrée 0</translation>
        </message>
        <message>
            <source>Address of output 0</source>
            <translation>Adresse de la sortie 0</translation>
        </message>
        <message>
            <source>Address to send a test mail to</source>
            <translation>Adresse à laquelle envoyer un courriel de test</translation>
        </message>
        <message>
            <source>Add…</source>
            <translation>Ajouter…</translation>
        </message>
        <message>
            <source>Alarm</source>
            <translation>Alarme</translation>
        </message>
        <message>
            <source>Alarm report</source>
            <translation>Rapport d'alarme</translation>
        </message>
        <message>
            <source>Alarm report:</source>
            <translation>Rapport d'alarme :</translation>
        </message>
        <message>
            <source>Alarms</source>
            <translation>Alarmes</translation>
        </message>
        <message>
            <source>Alarms per day by category</source>
            <translation>Alarmes par jour et par catégorie</translation>
        </message>
        <message>
            <source>Alarms per day by priority</source>
            <translation>Alarmes par jour et par priorité</translation>
        </message>
        <message>
            <source>All alarms</source>
            <translation>Toutes les alarmes</translation>
        </message>
        <message>
            <source>Allowed by schedule</source>
            <translation>Autorisé par planning</translation>
        </message>
        <message>
            <source>Analytics, sensor and motion events fire the rule once they have lasted this long</source>
            <translation>Les événements d'analyse vidéo, de capteur et de mouvement déclenchent la règle après avoir duré ce temps</translation>
        </message>
        <message>
            <source>Any camera</source>
            <translation>Toutes les caméras</translation>
        </message>
        <message>
            <source>Any input</source>
            <translation>Toute entrée</translation>
        </message>
        <message>
            <source>Armed</source>
            <translation>Armée</translation>
        </message>
        <message>
            <source>Armed by schedule</source>
            <translation>Armée par planning</translation>
        </message>
        <message>
            <source>Asking the camera for its relays…</source>
            <translation>Interrogation de la caméra sur ses relais…</translation>
        </message>
        <message>
            <source>At most</source>
            <translation>Au plus</translation>
        </message>
        <message>
            <source>At most once per source every</source>
            <translation>Au plus une fois par source toutes les</translation>
        </message>
        <message>
            <source>Attach a snapshot of the alarm's camera</source>
            <translation>Joindre un instantané de la caméra de l'alarme</translation>
        </message>
        <message>
            <source>Attempts</source>
            <translation>Tentatives</translation>
        </message>
        <message>
            <source>Built in ({kind}): it can be edited and disabled, not deleted.</source>
            <translation>Intégrée ({kind}) : elle peut être modifiée et désactivée, pas supprimée.</translation>
        </message>
        <message>
            <source>Buzzer sounds for</source>
            <translation>Le buzzer sonne pendant</translation>
        </message>
        <message>
            <source>Camera</source>
            <translation>Caméra</translation>
        </message>
        <message>
            <source>Camera analytics</source>
            <translation>Analyse vidéo de la caméra</translation>
        </message>
        <message>
            <source>Camera relays</source>
            <translation>Relais de caméra</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>Catégorie</translation>
        </message>
        <message>
            <source>Chart</source>
            <translation>Graphique</translation>
        </message>
        <message>
            <source>Close by itself when the cause clears</source>
            <translation>Se clôturer d'elle-même quand la cause disparaît</translation>
        </message>
        <message>
            <source>Close: 90 %</source>
            <translation>Clôture : 90 %</translation>
        </message>
        <message>
            <source>Close: median</source>
            <translation>Clôture : médiane</translation>
        </message>
        <message>
            <source>Contact</source>
            <translation>Contact</translation>
        </message>
        <message>
            <source>Could not write {path}: {error}</source>
            <translation>Impossible d'écrire {path} : {error}</translation>
        </message>
        <message>
            <source>Debounce</source>
            <translation>Anti-rebond</translation>
        </message>
        <message>
            <source>Delete rule</source>
            <translation>Supprimer la règle</translation>
        </message>
        <message>
            <source>Delete the rule “{name}”? Its alarms stay.</source>
            <translation>Supprimer la règle « {name} » ? Ses alarmes sont conservées.</translation>
        </message>
        <message>
            <source>Delete…</source>
            <translation>Supprimer…</translation>
        </message>
        <message>
            <source>Deleting the rule…</source>
            <translation>Suppression de la règle…</translation>
        </message>
        <message>
            <source>Delivered: the receiver answered {status}</source>
            <translation>Remis : le destinataire a répondu {status}</translation>
        </message>
        <message>
            <source>Deliveries</source>
            <translation>Envois</translation>
        </message>
        <message>
            <source>Device</source>
            <translation>Périphérique</translation>
        </message>
        <message>
            <source>Device “{name}” added</source>
            <translation>Périphérique « {name} » ajouté</translation>
        </message>
        <message>
            <source>Device “{name}” removed</source>
            <translation>Périphérique « {name} » retiré</translation>
        </message>
        <message>
            <source>Device “{name}” saved</source>
            <translation>Périphérique « {name} » enregistré</translation>
        </message>
        <message>
            <source>Disable</source>
            <translation>Désactiver</translation>
        </message>
        <message>
            <source>Does</source>
            <translation>Actions</translation>
        </message>
        <message>
            <source>Durations saved</source>
            <translation>Durées enregistrées</translation>
        </message>
        <message>
            <source>E-mail (none ticked: every recipient)</source>
            <translation>Courriel (aucun coché : tous les destinataires)</translation>
        </message>
        <message>
            <source>E-mail recipient</source>
            <translation>Destinataire de courriel</translation>
        </message>
        <message>
            <source>E-mail server</source>
            <translation>Serveur de messagerie</translation>
        </message>
        <message>
            <source>E-mail server saved</source>
            <translation>Serveur de messagerie enregistré</translation>
        </message>
        <message>
            <source>Edit I/O box</source>
            <translation>Modifier le boîtier d'E/S</translation>
        </message>
        <message>
            <source>Edit point…</source>
            <translation>Modifier le point…</translation>
        </message>
        <message>
            <source>Edit…</source>
            <translation>Modifier…</translation>
        </message>
        <message>
            <source>Empty: named after its address</source>
            <translation>Vide : nommé d'après son adresse</translation>
        </message>
        <message>
            <source>Empty: named after the camera</source>
            <translation>Vide : nommé d'après la caméra</translation>
        </message>
        <message>
            <source>Enable</source>
            <translation>Activer</translation>
        </message>
        <message>
            <source>Enabled</source>
            <translation>Activée</translation>
        </message>
        <message>
            <source>Escalate when nobody reacts within</source>
            <translation>Escalader si personne ne réagit dans un délai de</translation>
        </message>
        <message>
            <source>Events</source>
            <translation>Événements</translation>
        </message>
        <message>
            <source>Events and sources</source>
            <translation>Événements et sources</translation>
        </message>
        <message>
            <source>Exception</source>
            <translation>Anomalie</translation>
        </message>
        <message>
            <source>Export CSV…</source>
            <translation>Exporter en CSV…</translation>
        </message>
        <message>
            <source>Export alarm statistics</source>
            <translation>Exporter les statistiques d'alarmes</translation>
        </message>
        <message>
            <source>From</source>
            <translation>Du</translation>
        </message>
        <message>
            <source>Group</source>
            <translation>Groupe</translation>
        </message>
        <message>
            <source>Host</source>
            <translation>Hôte</translation>
        </message>
        <message>
            <source>Host name or IP address</source>
            <translation>Nom d'hôte ou adresse IP</translation>
        </message>
        <message>
            <source>I/O devices</source>
            <translation>Périphériques d'E/S</translation>
        </message>
        <message>
            <source>Input {name}</source>
            <translation>Entrée {name}</translation>
        </message>
        <message>
            <source>Inputs</source>
            <translation>Entrées</translation>
        </message>
        <message>
            <source>Inputs and outputs</source>
            <translation>Entrées et sorties</translation>
        </message>
        <message>
            <source>Instructions</source>
            <translation>Consignes</translation>
        </message>
        <message>
            <source>Last 30 days</source>
            <translation>30 derniers jours</translation>
        </message>
        <message>
            <source>Last 7 days</source>
            <translation>7 derniers jours</translation>
        </message>
        <message>
            <source>Last error</source>
            <translation>Dernière erreur</translation>
        </message>
        <message>
            <source>Mail during schedule</source>
            <translation>Courriel pendant le planning</translation>
        </message>
        <message>
            <source>Manual alarm</source>
            <translation>Alarme manuelle</translation>
        </message>
        <message>
            <source>Manual: stays on until switched off</source>
            <translation>Manuel : reste activée jusqu'à sa désactivation</translation>
        </message>
        <message>
            <source>Message popup</source>
            <translation>Message contextuel</translation>
        </message>
        <message>
            <source>Message popup shown for</source>
            <translation>Message contextuel affiché pendant</translation>
        </message>
        <message>
            <source>Modbus TCP I/O box</source>
            <translation>Boîtier d'E/S Modbus TCP</translation>
        </message>
        <message>
            <source>Modbus {host}:{port} unit {unit}, {i} in / {o} out</source>
            <translation>Modbus {host}:{port} unité {unit}, {i} entrées / {o} sorties</translation>
        </message>
        <message>
            <source>Mode</source>
            <translation>Mode</translation>
        </message>
        <message>
            <source>Motion</source>
            <translation>Mouvement</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <source>New rule</source>
            <translation>Nouvelle règle</translation>
        </message>
        <message>
            <source>New rule…</source>
            <translation>Nouvelle règle…</translation>
        </message>
        <message>
            <source>No alarms in this period</source>
            <translation>Aucune alarme sur cette période</translation>
        </message>
        <message>
            <source>No camera was added over ONVIF.</source>
            <translation>Aucune caméra n'a été ajoutée par ONVIF.</translation>
        </message>
        <message>
            <source>No report: {error}</source>
            <translation>Pas de rapport : {error}</translation>
        </message>
        <message>
            <source>None (plain, no login)</source>
            <translation>Aucune (en clair, sans identification)</translation>
        </message>
        <message>
            <source>Normally closed (active when open)</source>
            <translation>Normalement fermé (actif quand ouvert)</translation>
        </message>
        <message>
            <source>Normally open (active when closed)</source>
            <translation>Normalement ouvert (actif quand fermé)</translation>
        </message>
        <message>
            <source>Not delivered: the receiver answered {status} {error}</source>
            <translation>Non remis : le destinataire a répondu {status} {error}</translation>
        </message>
        <message>
            <source>Not delivered: {error}</source>
            <translation>Non remis : {error}</translation>
        </message>
        <message>
            <source>Not sent: {error}</source>
            <translation>Non envoyé : {error}</translation>
        </message>
        <message>
            <source>Nothing changed</source>
            <translation>Rien n'a changé</translation>
        </message>
        <message>
            <source>ONVIF relays of camera {camera}, {o} out</source>
            <translation>Relais ONVIF de la caméra {camera}, {o} sorties</translation>
        </message>
        <message>
            <source>Off</source>
            <translation>Désactivé</translation>
        </message>
        <message>
            <source>On</source>
            <translation>Activé</translation>
        </message>
        <message>
            <source>Only in motion areas</source>
            <translation>Seulement dans les zones de mouvement</translation>
        </message>
        <message>
            <source>Only once the event has lasted</source>
            <translation>Seulement après une durée de l'événement de</translation>
        </message>
        <message>
            <source>Only with event items</source>
            <translation>Seulement avec les éléments d'événement</translation>
        </message>
        <message>
            <source>Operator {name}</source>
            <translation>Opérateur {name}</translation>
        </message>
        <message>
            <source>Output</source>
            <translation>Sortie</translation>
        </message>
        <message>
            <source>Output {name}</source>
            <translation>Sortie {name}</translation>
        </message>
        <message>
            <source>Output:</source>
            <translation>Sortie :</translation>
        </message>
        <message>
            <source>Outputs</source>
            <translation>Sorties</translation>
        </message>
        <message>
            <source>PTZ preset</source>
            <translation>Préréglage PTZ</translation>
        </message>
        <message>
            <source>PTZ preset {n}</source>
            <translation>Préréglage PTZ {n}</translation>
        </message>
        <message>
            <source>PTZ presets</source>
            <translation>Préréglages PTZ</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>Mot de passe</translation>
        </message>
        <message>
            <source>Per hour</source>
            <translation>Par heure</translation>
        </message>
        <message>
            <source>Point</source>
            <translation>Point</translation>
        </message>
        <message>
            <source>Popups and buzzer</source>
            <translation>Fenêtres contextuelles et buzzer</translation>
        </message>
        <message>
            <source>Port</source>
            <translation>Port</translation>
        </message>
        <message>
            <source>Posting a test message…</source>
            <translation>Envoi d'un message de test…</translation>
        </message>
        <message>
            <source>Preset</source>
            <translation>Préréglage</translation>
        </message>
        <message>
            <source>Print report…</source>
            <translation>Imprimer le rapport…</translation>
        </message>
        <message>
            <source>Priority</source>
            <translation>Priorité</translation>
        </message>
        <message>
            <source>Priority 1 (high)</source>
            <translation>Priorité 1 (haute)</translation>
        </message>
        <message>
            <source>Priority 2 (medium)</source>
            <translation>Priorité 2 (moyenne)</translation>
        </message>
        <message>
            <source>Priority 3 (low)</source>
            <translation>Priorité 3 (basse)</translation>
        </message>
        <message>
            <source>Pulse</source>
            <translation>Impulsion</translation>
        </message>
        <message>
            <source>Pulse time</source>
            <translation>Durée d'impulsion</translation>
        </message>
        <message>
            <source>Queued</source>
            <translation>Mis en file</translation>
        </message>
        <message>
            <source>Queued again</source>
            <translation>Remis en file</translation>
        </message>
        <message>
            <source>Raise an alarm</source>
            <translation>Déclencher une alarme</translation>
        </message>
        <message>
            <source>Reading the I/O devices…</source>
            <translation>Lecture des périphériques d'E/S…</translation>
        </message>
        <message>
            <source>Reading the deliveries…</source>
            <translation>Lecture des envois…</translation>
        </message>
        <message>
            <source>Reading the durations…</source>
            <translation>Lecture des durées…</translation>
        </message>
        <message>
            <source>Reading the notification settings…</source>
            <translation>Lecture des paramètres de notification…</translation>
        </message>
        <message>
            <source>Reading the rule again…</source>
            <translation>Relecture de la règle…</translation>
        </message>
        <message>
            <source>Reading the rules…</source>
            <translation>Lecture des règles…</translation>
        </message>
        <message>
            <source>Reading the statistics…</source>
            <translation>Lecture des statistiques…</translation>
        </message>
        <message>
            <source>Recipient removed</source>
            <translation>Destinataire retiré</translation>
        </message>
        <message>
            <source>Recipient {address} saved</source>
            <translation>Destinataire {address} enregistré</translation>
        </message>
        <message>
            <source>Recipients</source>
            <translation>Destinataires</translation>
        </message>
        <message>
            <source>Record cameras</source>
            <translation>Enregistrer les caméras</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>Actualiser</translation>
        </message>
        <message>
            <source>Refused: {reason}</source>
            <translation>Refusé : {reason}</translation>
        </message>
        <message>
            <source>Related cameras</source>
            <translation>Caméras associées</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>Retirer</translation>
        </message>
        <message>
            <source>Remove I/O device</source>
            <translation>Retirer le périphérique d'E/S</translation>
        </message>
        <message>
            <source>Remove the recipient {address}? Mail waiting for it is dropped.</source>
            <translation>Retirer le destinataire {address} ? Les courriels en attente pour lui sont abandonnés.</translation>
        </message>
        <message>
            <source>Remove the stored password</source>
            <translation>Effacer le mot de passe enregistré</translation>
        </message>
        <message>
            <source>Remove the webhook {url}?</source>
            <translation>Retirer le webhook {url} ?</translation>
        </message>
        <message>
            <source>Remove “{name}” and its {count} inputs and outputs? Rules that use them stop working.</source>
            <translation>Retirer « {name} » et ses {count} entrées et sorties ? Les règles qui les utilisent cesseront de fonctionner.</translation>
        </message>
        <message>
            <source>Remove…</source>
            <translation>Retirer…</translation>
        </message>
        <message>
            <source>Removing the device…</source>
            <translation>Retrait du périphérique…</translation>
        </message>
        <message>
            <source>Repeats notify again after</source>
            <translation>Les répétitions notifient de nouveau après</translation>
        </message>
        <message>
            <source>Report as PDF…</source>
            <translation>Rapport en PDF…</translation>
        </message>
        <message>
            <source>Report of alarm {id} printed</source>
            <translation>Rapport de l'alarme {id} imprimé</translation>
        </message>
        <message>
            <source>Report written to {path}</source>
            <translation>Rapport écrit dans {path}</translation>
        </message>
        <message>
            <source>Retry</source>
            <translation>Réessayer</translation>
        </message>
        <message>
            <source>Rule {name}</source>
            <translation>Règle {name}</translation>
        </message>
        <message>
            <source>Rule “{name}” deleted</source>
            <translation>Règle « {name} » supprimée</translation>
        </message>
        <message>
            <source>Rule “{name}” saved</source>
            <translation>Règle « {name} » enregistrée</translation>
        </message>
        <message>
            <source>Rule “{name}” {word}</source>
            <translation>Règle « {name} » {word}</translation>
        </message>
        <message>
            <source>SMTP server</source>
            <translation>Serveur SMTP</translation>
        </message>
        <message>
            <source>SSL/TLS</source>
            <translation>SSL/TLS</translation>
        </message>
        <message>
            <source>STARTTLS</source>
            <translation>STARTTLS</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>Enregistrer</translation>
        </message>
        <message>
            <source>Saved</source>
            <translation>Enregistré</translation>
        </message>
        <message>
            <source>Saving the device…</source>
            <translation>Enregistrement du périphérique…</translation>
        </message>
        <message>
            <source>Saving the point…</source>
            <translation>Enregistrement du point…</translation>
        </message>
        <message>
            <source>Saving…</source>
            <translation>Enregistrement…</translation>
        </message>
        <message>
            <source>Schedule</source>
            <translation>Planning</translation>
        </message>
        <message>
            <source>Secret</source>
            <translation>Secret</translation>
        </message>
        <message>
            <source>Security</source>
            <translation>Sécurité</translation>
        </message>
        <message>
            <source>Send test</source>
            <translation>Envoyer un test</translation>
        </message>
        <message>
            <source>Send test mail</source>
            <translation>Envoyer un courriel de test</translation>
        </message>
        <message>
            <source>Sender</source>
            <translation>Expéditeur</translation>
        </message>
        <message>
            <source>Sending a test mail to {address}…</source>
            <translation>Envoi d'un courriel de test à {address}…</translation>
        </message>
        <message>
            <source>Sensor input</source>
            <translation>Entrée capteur</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>Paramètres</translation>
        </message>
        <message>
            <source>Show</source>
            <translation>Afficher</translation>
        </message>
        <message>
            <source>Snapshot</source>
            <translation>Instantané</translation>
        </message>
        <message>
            <source>Snapshot cameras</source>
            <translation>Instantanés des caméras</translation>
        </message>
        <message>
            <source>Someone changed this rule meanwhile (now version {version}): it was read again. Make your change again and save.</source>
            <translation>Quelqu'un a modifié cette règle entre-temps (version {version}) : elle a été relue. Refaites votre modification et enregistrez.</translation>
        </message>
        <message>
            <source>Sound the buzzer on consoles for</source>
            <translation>Faire sonner le buzzer des consoles pendant</translation>
        </message>
        <message>
            <source>Sounding the buzzer…</source>
            <translation>Déclenchement du buzzer…</translation>
        </message>
        <message>
            <source>Sounds the buzzer on every console for the saved time</source>
            <translation>Fait sonner le buzzer sur toutes les consoles pendant la durée enregistrée</translation>
        </message>
        <message>
            <source>Sources</source>
            <translation>Sources</translation>
        </message>
        <message>
            <source>State</source>
            <translation>État</translation>
        </message>
        <message>
            <source>Switching the output…</source>
            <translation>Commutation de la sortie…</translation>
        </message>
        <message>
            <source>Test</source>
            <translation>Test</translation>
        </message>
        <message>
            <source>Test buzzer</source>
            <translation>Tester le buzzer</translation>
        </message>
        <message>
            <source>The buzzer sounds on every console for {seconds:g} s</source>
            <translation>Le buzzer sonne sur toutes les consoles pendant {seconds:g} s</translation>
        </message>
        <message>
            <source>The period ends before it starts.</source>
            <translation>La période se termine avant de commencer.</translation>
        </message>
        <message>
            <source>The server asks the camera for its relay outputs; its inputs come as its events.</source>
            <translation>Le serveur demande à la caméra ses sorties relais ; ses entrées arrivent sous forme d'événements.</translation>
        </message>
        <message>
            <source>Time to acknowledge and to close</source>
            <translation>Délai d'acquittement et de clôture</translation>
        </message>
        <message>
            <source>To</source>
            <translation>Destinataire</translation>
        </message>
        <message>
            <source>Type the address to send the test mail to.</source>
            <translation>Saisissez l'adresse à laquelle envoyer le courriel de test.</translation>
        </message>
        <message>
            <source>URL</source>
            <translation>URL</translation>
        </message>
        <message>
            <source>Unit id</source>
            <translation>N° d'unité</translation>
        </message>
        <message>
            <source>User</source>
            <translation>Utilisateur</translation>
        </message>
        <message>
            <source>Video popup of</source>
            <translation>Vidéo contextuelle de</translation>
        </message>
        <message>
            <source>Video popup shown for</source>
            <translation>Vidéo contextuelle affichée pendant</translation>
        </message>
        <message>
            <source>Virtual I/O device</source>
            <translation>Périphérique d'E/S virtuel</translation>
        </message>
        <message>
            <source>Webhook (none ticked: every endpoint)</source>
            <translation>Webhook (aucun coché : tous les points de terminaison)</translation>
        </message>
        <message>
            <source>Webhook endpoint</source>
            <translation>Point de terminaison webhook</translation>
        </message>
        <message>
            <source>Webhook removed</source>
            <translation>Webhook retiré</translation>
        </message>
        <message>
            <source>Webhook saved</source>
            <translation>Webhook enregistré</translation>
        </message>
        <message>
            <source>Webhooks</source>
            <translation>Webhooks</translation>
        </message>
        <message>
            <source>What the operator should do</source>
            <translation>Ce que l'opérateur doit faire</translation>
        </message>
        <message>
            <source>Working…</source>
            <translation>En cours…</translation>
        </message>
        <message>
            <source>Writing the report of alarm {id}…</source>
            <translation>Écriture du rapport de l'alarme {id}…</translation>
        </message>
        <message>
            <source>Written to {path}</source>
            <translation>Écrit dans {path}</translation>
        </message>
        <message>
            <source>active</source>
            <translation>active</translation>
        </message>
        <message>
            <source>alarm </source>
            <translation>alarme </translation>
        </message>
        <message>
            <source>alarm P{priority}</source>
            <translation>alarme P{priority}</translation>
        </message>
        <message>
            <source>always</source>
            <translation>toujours</translation>
        </message>
        <message>
            <source>any subtype; or some of: {known}</source>
            <translation>tout sous-type ; ou certains parmi : {known}</translation>
        </message>
        <message>
            <source>any; or motion area names, separated by commas</source>
            <translation>toutes ; ou des noms de zones de mouvement, séparés par des virgules</translation>
        </message>
        <message>
            <source>any; or names, separated by commas</source>
            <translation>tous ; ou des noms, séparés par des virgules</translation>
        </message>
        <message>
            <source>at once</source>
            <translation>immédiatement</translation>
        </message>
        <message>
            <source>buzzer</source>
            <translation>buzzer</translation>
        </message>
        <message>
            <source>definition.events: event items are Name=value, not {item!r}</source>
            <translation>definition.events : les éléments d'événement s'écrivent Nom=valeur, pas {item!r}</translation>
        </message>
        <message>
            <source>disabled</source>
            <translation>désactivée</translation>
        </message>
        <message>
            <source>disabled: {reason}</source>
            <translation>désactivé : {reason}</translation>
        </message>
        <message>
            <source>e-mail</source>
            <translation>courriel</translation>
        </message>
        <message>
            <source>enabled</source>
            <translation>activée</translation>
        </message>
        <message>
            <source>every event</source>
            <translation>chaque événement</translation>
        </message>
        <message>
            <source>failed</source>
            <translation>échec</translation>
        </message>
        <message>
            <source>for</source>
            <translation>pendant</translation>
        </message>
        <message>
            <source>idle</source>
            <translation>au repos</translation>
        </message>
        <message>
            <source>in a digest</source>
            <translation>dans un récapitulatif</translation>
        </message>
        <message>
            <source>in {n}</source>
            <translation>entrée {n}</translation>
        </message>
        <message>
            <source>mail.example.com</source>
            <translation>mail.example.com</translation>
        </message>
        <message>
            <source>manual</source>
            <translation>manuel</translation>
        </message>
        <message>
            <source>message popup</source>
            <translation>message contextuel</translation>
        </message>
        <message>
            <source>never</source>
            <translation>jamais</translation>
        </message>
        <message>
            <source>no</source>
            <translation>non</translation>
        </message>
        <message>
            <source>none; or Name=value pairs, e.g. Direction=in</source>
            <translation>aucun ; ou des paires Nom=valeur, p. ex. Direction=in</translation>
        </message>
        <message>
            <source>not set</source>
            <translation>non défini</translation>
        </message>
        <message>
            <source>nothing</source>
            <translation>rien</translation>
        </message>
        <message>
            <source>off</source>
            <translation>désactivé</translation>
        </message>
        <message>
            <source>offline</source>
            <translation>hors ligne</translation>
        </message>
        <message>
            <source>offline: {reason}</source>
            <translation>hors ligne : {reason}</translation>
        </message>
        <message>
            <source>on</source>
            <translation>activé</translation>
        </message>
        <message>
            <source>on (pulse)</source>
            <translation>activée (impulsion)</translation>
        </message>
        <message>
            <source>online</source>
            <translation>en ligne</translation>
        </message>
        <message>
            <source>out {n}</source>
            <translation>sortie {n}</translation>
        </message>
        <message>
            <source>output</source>
            <translation>sortie</translation>
        </message>
        <message>
            <source>output {n}</source>
            <translation>sortie {n}</translation>
        </message>
        <message>
            <source>own time</source>
            <translation>durée propre</translation>
        </message>
        <message>
            <source>pending</source>
            <translation>en attente</translation>
        </message>
        <message>
            <source>per day by category</source>
            <translation>par jour et par catégorie</translation>
        </message>
        <message>
            <source>per day by priority</source>
            <translation>par jour et par priorité</translation>
        </message>
        <message>
            <source>pulse</source>
            <translation>impulsion</translation>
        </message>
        <message>
            <source>pulse {s:g} s</source>
            <translation>impulsion {s:g} s</translation>
        </message>
        <message>
            <source>record</source>
            <translation>enregistrement</translation>
        </message>
        <message>
            <source>sent</source>
            <translation>envoyé</translation>
        </message>
        <message>
            <source>server setting</source>
            <translation>réglage du serveur</translation>
        </message>
        <message>
            <source>set</source>
            <translation>défini</translation>
        </message>
        <message>
            <source>set — type a new one to replace it</source>
            <translation>défini — saisissez-en un nouveau pour le remplacer</translation>
        </message>
        <message>
            <source>snapshot</source>
            <translation>instantané</translation>
        </message>
        <message>
            <source>starting</source>
            <translation>démarrage</translation>
        </message>
        <message>
            <source>suppressed</source>
            <translation>supprimé</translation>
        </message>
        <message>
            <source>the event's camera</source>
            <translation>la caméra de l'événement</translation>
        </message>
        <message>
            <source>to</source>
            <translation>au</translation>
        </message>
        <message>
            <source>unknown</source>
            <translation>inconnu</translation>
        </message>
        <message>
            <source>video popup</source>
            <translation>vidéo contextuelle</translation>
        </message>
        <message>
            <source>virtual, {i} in / {o} out</source>
            <translation>virtuel, {i} entrées / {o} sorties</translation>
        </message>
        <message>
            <source>webhook</source>
            <translation>webhook</translation>
        </message>
        <message>
            <source>whsec_… (Standard Webhooks signing secret)</source>
            <translation>whsec_… (secret de signature Standard Webhooks)</translation>
        </message>
        <message>
            <source>yes</source>
            <translation>oui</translation>
        </message>
        <message>
            <source>{ack} acknowledged, {closed} closed</source>
            <translation>{ack} acquittées, {closed} clôturées</translation>
        </message>
        <message>
            <source>{contact}, debounce {ms} ms</source>
            <translation>{contact}, anti-rebond {ms} ms</translation>
        </message>
        <message>
            <source>{count} I/O devices</source>
            <translation>{count} périphériques d'E/S</translation>
        </message>
        <message>
            <source>{count} alarms raised in the period</source>
            <translation>{count} alarmes déclenchées sur la période</translation>
        </message>
        <message>
            <source>{count} deliveries</source>
            <translation>{count} envois</translation>
        </message>
        <message>
            <source>{count} rules</source>
            <translation>{count} règles</translation>
        </message>
        <message>
            <source>{done}; the list could not be read again: {error}</source>
            <translation>{done} ; impossible de relire la liste : {error}</translation>
        </message>
        <message>
            <source>{name} (built in)</source>
            <translation>{name} (intégrée)</translation>
        </message>
        <message>
            <source>{settings}, disabled</source>
            <translation>{settings}, désactivée</translation>
        </message>
        <message>
            <source>{state}, disarmed</source>
            <translation>{state}, désarmée</translation>
        </message>
        <message>
            <source>{text} (the newest {count} counted per day)</source>
            <translation>{text} (les {count} plus récentes comptées par jour)</translation>
        </message>
        <message>
            <source>“{name}” is off</source>
            <translation>« {name} » est désactivée</translation>
        </message>
        <message>
            <source>“{name}” is on</source>
            <translation>« {name} » est activée</translation>
        </message>
        <message>
            <source>“{name}” saved</source>
            <translation>« {name} » enregistré</translation>
        </message>
    </context>
    <context>
        <name>alarm_report</name>
        <message>
            <source>1 (high)</source>
            <translation>1 (haute)</translation>
        </message>
        <message>
            <source>2 (medium)</source>
            <translation>2 (moyenne)</translation>
        </message>
        <message>
            <source>3 (low)</source>
            <translation>3 (basse)</translation>
        </message>
        <message>
            <source>Acknowledged</source>
            <translation>Acquittée</translation>
        </message>
        <message>
            <source>Alarm {id}: {title}</source>
            <translation>Alarme {id} : {title}</translation>
        </message>
        <message>
            <source>Cameras</source>
            <translation>Caméras</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>Catégorie</translation>
        </message>
        <message>
            <source>Closed</source>
            <translation>Clôturée</translation>
        </message>
        <message>
            <source>Details</source>
            <translation>Détails</translation>
        </message>
        <message>
            <source>First triggered</source>
            <translation>Premier déclenchement</translation>
        </message>
        <message>
            <source>History</source>
            <translation>Historique</translation>
        </message>
        <message>
            <source>Instructions</source>
            <translation>Consignes</translation>
        </message>
        <message>
            <source>Last triggered</source>
            <translation>Dernier déclenchement</translation>
        </message>
        <message>
            <source>Owner</source>
            <translation>Responsable</translation>
        </message>
        <message>
            <source>Priority</source>
            <translation>Priorité</translation>
        </message>
        <message>
            <source>Resolution</source>
            <translation>Qualification</translation>
        </message>
        <message>
            <source>Rule</source>
            <translation>Règle</translation>
        </message>
        <message>
            <source>Snapshot</source>
            <translation>Instantané</translation>
        </message>
        <message>
            <source>State</source>
            <translation>État</translation>
        </message>
        <message>
            <source>Times in {zone}</source>
            <translation>Heures en {zone}</translation>
        </message>
        <message>
            <source>Times triggered</source>
            <translation>Nombre de déclenchements</translation>
        </message>
        <message>
            <source>What</source>
            <translation>Quoi</translation>
        </message>
        <message>
            <source>When</source>
            <translation>Quand</translation>
        </message>
        <message>
            <source>Who</source>
            <translation>Qui</translation>
        </message>
        <message>
            <source>nobody</source>
            <translation>personne</translation>
        </message>
        <message>
            <source>none (server-wide)</source>
            <translation>aucune (tout le serveur)</translation>
        </message>
    </context>
    <context>
        <name>errors</name>
        <message>
            <source>A camera named “{name}” already exists.</source>
            <translation>Une caméra nommée « {name} » existe déjà.</translation>
        </message>
        <message>
            <source>A permission group named “{name}” already exists.</source>
            <translation>Un groupe de droits nommé « {name} » existe déjà.</translation>
        </message>
        <message>
            <source>A tour named “{name}” already exists.</source>
            <translation>Une séquence nommée « {name} » existe déjà.</translation>
        </message>
        <message>
            <source>A user named “{name}” already exists.</source>
            <translation>Un utilisateur nommé « {name} » existe déjà.</translation>
        </message>
        <message>
            <source>A view named “{name}” already exists.</source>
            <translation>Une vue nommée « {name} » existe déjà.</translation>
        </message>
        <message>
            <source>A {fmt} file cannot hold {codec} video: export as MP4 or MKV.</source>
            <translation>Un fichier {fmt} ne peut pas contenir de vidéo {codec} : exportez en MP4 ou MKV.</translation>
        </message>
        <message>
            <source>Another upgrade is under way: wait for it to end.</source>
            <translation>Une autre mise à jour est en cours : attendez qu'elle se termine.</translation>
        </message>
        <message>
            <source>At most {max} characters, not {length}.</source>
            <translation>{max} caractères au plus, pas {length}.</translation>
        </message>
        <message>
            <source>Camera {camera_id} has no PTZ control.</source>
            <translation>La caméra {camera_id} n'a pas de commande PTZ.</translation>
        </message>
        <message>
            <source>Camera {camera_id} has no sub stream.</source>
            <translation>La caméra {camera_id} n'a pas de flux secondaire.</translation>
        </message>
        <message>
            <source>Camera {camera_id} is disabled: it has no live picture.</source>
            <translation>La caméra {camera_id} est désactivée : elle n'a pas d'image en direct.</translation>
        </message>
        <message>
            <source>Camera {id} does not exist (any more).</source>
            <translation>La caméra {id} n'existe pas (ou plus).</translation>
        </message>
        <message>
            <source>Disk group {id} does not exist (any more).</source>
            <translation>Le groupe de disques {id} n'existe pas (ou plus).</translation>
        </message>
        <message>
            <source>Enter a name of 1 to {max} characters.</source>
            <translation>Saisissez un nom de 1 à {max} caractères.</translation>
        </message>
        <message>
            <source>Not enough room on the server's disk for the bundle ({free_bytes} bytes free).</source>
            <translation>Pas assez de place sur le disque du serveur pour le paquet de mise à jour ({free_bytes} octets libres).</translation>
        </message>
        <message>
            <source>Nothing was recorded in that period.</source>
            <translation>Rien n'a été enregistré sur cette période.</translation>
        </message>
        <message>
            <source>PTZ</source>
            <translation>PTZ</translation>
        </message>
        <message>
            <source>Permission group {id} does not exist (any more).</source>
            <translation>Le groupe de droits {id} n'existe pas (ou plus).</translation>
        </message>
        <message>
            <source>Permission group “{group}” still has users ({users}): move them to another group first.</source>
            <translation>Le groupe de droits « {group} » a encore des utilisateurs ({users}) : déplacez-les d'abord dans un autre groupe.</translation>
        </message>
        <message>
            <source>Please sign in first.</source>
            <translation>Veuillez d'abord vous connecter.</translation>
        </message>
        <message>
            <source>Port {port} is already in use.</source>
            <translation>Le port {port} est déjà utilisé.</translation>
        </message>
        <message>
            <source>Schedule {id} does not exist (any more).</source>
            <translation>Le planning {id} n'existe pas (ou plus).</translation>
        </message>
        <message>
            <source>Someone else changed this meanwhile: reload it and try again.</source>
            <translation>Quelqu'un d'autre l'a modifié entre-temps : rechargez et réessayez.</translation>
        </message>
        <message>
            <source>Someone else controls this camera's PTZ now.</source>
            <translation>Quelqu'un d'autre commande maintenant le PTZ de cette caméra.</translation>
        </message>
        <message>
            <source>The admin account cannot be deleted, disabled or restricted.</source>
            <translation>Le compte admin ne peut être ni supprimé, ni désactivé, ni restreint.</translation>
        </message>
        <message>
            <source>The bundle arrived incomplete: send it again.</source>
            <translation>Le paquet de mise à jour est arrivé incomplet : envoyez-le à nouveau.</translation>
        </message>
        <message>
            <source>The bundle is damaged or was changed: download it again.</source>
            <translation>Le paquet de mise à jour est endommagé ou a été modifié : téléchargez-le à nouveau.</translation>
        </message>
        <message>
            <source>The bundle is for Debian {bundle_release}; this machine runs {host_release}.</source>
            <translation>Le paquet de mise à jour est fait pour Debian {bundle_release} ; cette machine a {host_release}.</translation>
        </message>
        <message>
            <source>The bundle is for {bundle_arch} machines; this one is {host_arch}.</source>
            <translation>Le paquet de mise à jour est fait pour les machines {bundle_arch} ; celle-ci est {host_arch}.</translation>
        </message>
        <message>
            <source>The bundle's signature is missing, unknown or wrong: it does not come from the makers of Vedette, or was changed.</source>
            <translation>La signature du paquet de mise à jour est absente, inconnue ou fausse : il ne vient pas des auteurs de Vedette, ou il a été modifié.</translation>
        </message>
        <message>
            <source>The bundle's version {bundle_version} is not newer than the running {running_version}.</source>
            <translation>La version {bundle_version} du paquet de mise à jour n'est pas plus récente que la version en service, {running_version}.</translation>
        </message>
        <message>
            <source>The character {character} (position {position}) is not allowed here.</source>
            <translation>Le caractère {character} (position {position}) n'est pas autorisé ici.</translation>
        </message>
        <message>
            <source>The current password is wrong.</source>
            <translation>Le mot de passe actuel est incorrect.</translation>
        </message>
        <message>
            <source>The disk {name} is already a volume.</source>
            <translation>Le disque {name} est déjà un volume.</translation>
        </message>
        <message>
            <source>The disk {path} belongs to another server ({server_id}): initialise it with “force” to take it over.</source>
            <translation>Le disque {path} appartient à un autre serveur ({server_id}) : initialisez-le avec « forcer » pour le reprendre.</translation>
        </message>
        <message>
            <source>The disk {path} cannot be written ({error}).</source>
            <translation>Impossible d'écrire sur le disque {path} ({error}).</translation>
        </message>
        <message>
            <source>The disk {path} holds Vedette data that cannot be read: initialise it with “force” to replace it.</source>
            <translation>Le disque {path} contient des données Vedette illisibles : initialisez-le avec « forcer » pour les remplacer.</translation>
        </message>
        <message>
            <source>The disk {path} is not mounted or not a folder.</source>
            <translation>Le disque {path} n'est pas monté ou n'est pas un dossier.</translation>
        </message>
        <message>
            <source>The disk {path} is recording: move it to an empty disk group first.</source>
            <translation>Le disque {path} enregistre : déplacez-le d'abord dans un groupe de disques vide.</translation>
        </message>
        <message>
            <source>The password is too weak: it needs at least {min_length} characters and {min_classes} of the 4 kinds (lower case, upper case, digits, symbols), and must not be a common password or contain the user name.</source>
            <translation>Le mot de passe est trop faible : il lui faut au moins {min_length} caractères et {min_classes} des 4 types (minuscules, majuscules, chiffres, symboles), et il ne doit être ni un mot de passe courant ni contenir le nom d'utilisateur.</translation>
        </message>
        <message>
            <source>The server already has {limit} permission groups, its maximum.</source>
            <translation>Le serveur a déjà {limit} groupes de droits, son maximum.</translation>
        </message>
        <message>
            <source>The server closed the stream.</source>
            <translation>Le serveur a fermé le flux.</translation>
        </message>
        <message>
            <source>The server failed ({method}): its log says why.</source>
            <translation>Le serveur a échoué ({method}) : son journal indique pourquoi.</translation>
        </message>
        <message>
            <source>The server is catching up with its log: try again in a few seconds.</source>
            <translation>Le serveur rattrape son journal : réessayez dans quelques secondes.</translation>
        </message>
        <message>
            <source>The server took too long to answer.</source>
            <translation>Le serveur a mis trop de temps à répondre.</translation>
        </message>
        <message>
            <source>This account is disabled or was deleted.</source>
            <translation>Ce compte est désactivé ou a été supprimé.</translation>
        </message>
        <message>
            <source>This allow/block list would lock you out: it refuses your own address {address}. Add it first.</source>
            <translation>Cette liste d'autorisation/blocage vous bloquerait : elle refuse votre propre adresse {address}. Ajoutez-la d'abord.</translation>
        </message>
        <message>
            <source>This bundle upgrades version {min_from_version} or later; this server runs {running_version}: install the versions in between first.</source>
            <translation>Ce paquet met à jour la version {min_from_version} ou une plus récente ; ce serveur a la version {running_version} : installez d'abord les versions intermédiaires.</translation>
        </message>
        <message>
            <source>This server refuses connections from {address} (allow/block list).</source>
            <translation>Ce serveur refuse les connexions depuis {address} (liste d'autorisation/blocage).</translation>
        </message>
        <message>
            <source>This server takes no upgrades (it was not installed from the Vedette package).</source>
            <translation>Ce serveur n'accepte pas de mise à jour (il n'a pas été installé depuis le paquet Vedette).</translation>
        </message>
        <message>
            <source>Too many failed sign-ins: try again in {retry_after_s} s.</source>
            <translation>Trop d'échecs de connexion : réessayez dans {retry_after_s} s.</translation>
        </message>
        <message>
            <source>Tour {id} does not exist (any more).</source>
            <translation>La séquence {id} n'existe pas (ou plus).</translation>
        </message>
        <message>
            <source>User {id} does not exist (any more).</source>
            <translation>L'utilisateur {id} n'existe pas (ou plus).</translation>
        </message>
        <message>
            <source>View {id} does not exist (any more).</source>
            <translation>La vue {id} n'existe pas (ou plus).</translation>
        </message>
        <message>
            <source>Volume {id} does not exist (any more).</source>
            <translation>Le volume {id} n'existe pas (ou plus).</translation>
        </message>
        <message>
            <source>Wrong user name or password.</source>
            <translation>Nom d'utilisateur ou mot de passe incorrect.</translation>
        </message>
        <message>
            <source>You cannot delete your own account.</source>
            <translation>Vous ne pouvez pas supprimer votre propre compte.</translation>
        </message>
        <message>
            <source>You have the most exports under way ({limit}): wait for some to finish.</source>
            <translation>Vous avez le maximum d'exportations en cours ({limit}) : attendez que certaines se terminent.</translation>
        </message>
        <message>
            <source>You have the most live pictures open ({limit}): close some first.</source>
            <translation>Vous avez le maximum d'images en direct ouvertes ({limit}) : fermez-en d'abord.</translation>
        </message>
        <message>
            <source>You lack the “{area}” right.</source>
            <translation>Il vous manque le droit « {area} ».</translation>
        </message>
        <message>
            <source>You lack the “{right}” right on camera {camera_id}.</source>
            <translation>Il vous manque le droit « {right} » sur la caméra {camera_id}.</translation>
        </message>
        <message>
            <source>You play back the most cameras at once ({limit}): close some first.</source>
            <translation>Vous lisez le maximum de caméras à la fois ({limit}) : fermez-en d'abord.</translation>
        </message>
        <message>
            <source>Your session has ended: sign in again.</source>
            <translation>Votre session est terminée : reconnectez-vous.</translation>
        </message>
        <message>
            <source>accounts</source>
            <translation>comptes</translation>
        </message>
        <message>
            <source>alarm configuration</source>
            <translation>configuration des alarmes</translation>
        </message>
        <message>
            <source>alarm handling</source>
            <translation>traitement des alarmes</translation>
        </message>
        <message>
            <source>alarm view</source>
            <translation>consultation des alarmes</translation>
        </message>
        <message>
            <source>audio</source>
            <translation>audio</translation>
        </message>
        <message>
            <source>cameras</source>
            <translation>caméras</translation>
        </message>
        <message>
            <source>disks</source>
            <translation>disques</translation>
        </message>
        <message>
            <source>export</source>
            <translation>exportation</translation>
        </message>
        <message>
            <source>live view</source>
            <translation>direct</translation>
        </message>
        <message>
            <source>network</source>
            <translation>réseau</translation>
        </message>
        <message>
            <source>output control</source>
            <translation>commande des sorties</translation>
        </message>
        <message>
            <source>playback</source>
            <translation>lecture</translation>
        </message>
        <message>
            <source>recording</source>
            <translation>enregistrement</translation>
        </message>
        <message>
            <source>system</source>
            <translation>système</translation>
        </message>
        <message>
            <source>system log</source>
            <translation>journal système</translation>
        </message>
        <message>
            <source>{path} is on the same disk as volume {other_id} ({other_path}).</source>
            <translation>{path} est sur le même disque que le volume {other_id} ({other_path}).</translation>
        </message>
        <message>
            <source>{value} is not between {min} and {max}.</source>
            <translation>{value} n'est pas compris entre {min} et {max}.</translation>
        </message>
        <message>
            <source>{value} is not one of: {allowed}.</source>
            <translation>{value} ne fait pas partie de : {allowed}.</translation>
        </message>
        <message>
            <source>“{group}” is a built-in permission group: it cannot be changed or deleted.</source>
            <translation>« {group} » est un groupe de droits intégré : il ne peut être ni modifié ni supprimé.</translation>
        </message>
    </context>
    <context>
        <name>failures</name>
        <message>
            <source>Vedette</source>
            <translation>Vedette</translation>
        </message>
        <message>
            <source>{text}
(failed {count} times)</source>
            <translation>{text}
(échec {count} fois)</translation>
        </message>
    </context>
    <context>
        <name>log</name>
        <message>
            <source>Alarm {alarm_id} acknowledged by {user}: {title}</source>
            <translation>Alarme {alarm_id} acquittée par {user} : {title}</translation>
        </message>
        <message>
            <source>Alarm {alarm_id} closed ({resolution}): {title}</source>
            <translation>Alarme {alarm_id} clôturée ({resolution}) : {title}</translation>
        </message>
        <message>
            <source>Alarm {alarm_id} closed by {user} ({resolution}): {title}</source>
            <translation>Alarme {alarm_id} clôturée par {user} ({resolution}) : {title}</translation>
        </message>
        <message>
            <source>Alarm {alarm_id} escalated: {title}</source>
            <translation>Alarme {alarm_id} escaladée : {title}</translation>
        </message>
        <message>
            <source>Alarm {alarm_id} is now {state} by {user}: {title}</source>
            <translation>Alarme {alarm_id} passée à l'état {state} par {user} : {title}</translation>
        </message>
        <message>
            <source>Alarm {alarm_id} is now {state}: {title}</source>
            <translation>Alarme {alarm_id} passée à l'état {state} : {title}</translation>
        </message>
        <message>
            <source>Alarm {alarm_id} raised by {user}: {title}</source>
            <translation>Alarme {alarm_id} déclenchée par {user} : {title}</translation>
        </message>
        <message>
            <source>Alarm {alarm_id} raised: {title}</source>
            <translation>Alarme {alarm_id} déclenchée : {title}</translation>
        </message>
        <message>
            <source>Analytics event</source>
            <translation>Événement d'analyse</translation>
        </message>
        <message>
            <source>Camera {camera_id}: its ONVIF events are subscribed again.</source>
            <translation>Caméra {camera_id} : abonnement à ses événements ONVIF rétabli.</translation>
        </message>
        <message>
            <source>Camera {camera_id}: its ONVIF events are unavailable.</source>
            <translation>Caméra {camera_id} : ses événements ONVIF sont indisponibles.</translation>
        </message>
        <message>
            <source>Camera {camera} is offline ({reason}).</source>
            <translation>La caméra {camera} est hors ligne ({reason}).</translation>
        </message>
        <message>
            <source>Camera {camera} is online again.</source>
            <translation>La caméra {camera} est de nouveau en ligne.</translation>
        </message>
        <message>
            <source>Failed sign-in as {user} from {peer}.</source>
            <translation>Échec de connexion en tant que {user} depuis {peer}.</translation>
        </message>
        <message>
            <source>Illegal access: {failures} failed sign-ins as {user} from {peer}.</source>
            <translation>Accès illégal : {failures} échecs de connexion en tant que {user} depuis {peer}.</translation>
        </message>
        <message>
            <source>Manual event</source>
            <translation>Événement manuel</translation>
        </message>
        <message>
            <source>Motion event</source>
            <translation>Événement de mouvement</translation>
        </message>
        <message>
            <source>RTSP re-streaming is off.</source>
            <translation>La rediffusion RTSP est désactivée.</translation>
        </message>
        <message>
            <source>Refused ({outcome}): {text}</source>
            <translation>Refusé ({outcome}) : {text}</translation>
        </message>
        <message>
            <source>Sensor event</source>
            <translation>Événement de capteur</translation>
        </message>
        <message>
            <source>The server restarted for its scheduled maintenance.</source>
            <translation>Le serveur a redémarré pour sa maintenance programmée.</translation>
        </message>
        <message>
            <source>The server started.</source>
            <translation>Le serveur a démarré.</translation>
        </message>
        <message>
            <source>The server stopped.</source>
            <translation>Le serveur s'est arrêté.</translation>
        </message>
        <message>
            <source>Too many refused calls at once: they were not logged one by one.</source>
            <translation>Trop d'appels refusés à la fois : ils n'ont pas été journalisés un par un.</translation>
        </message>
        <message>
            <source>Volume {volume_id} ({path}) belongs to another server.</source>
            <translation>Le volume {volume_id} ({path}) appartient à un autre serveur.</translation>
        </message>
        <message>
            <source>Volume {volume_id} ({path}) is full.</source>
            <translation>Le volume {volume_id} ({path}) est plein.</translation>
        </message>
        <message>
            <source>Volume {volume_id} ({path}) is unavailable.</source>
            <translation>Le volume {volume_id} ({path}) est indisponible.</translation>
        </message>
        <message>
            <source>Volume {volume_id} ({path}) is writable again.</source>
            <translation>Le volume {volume_id} ({path}) est de nouveau accessible en écriture.</translation>
        </message>
        <message>
            <source>Volume {volume_id} ({path}): disk {device} is failing (S.M.A.R.T.): {message}.</source>
            <translation>Volume {volume_id} ({path}) : le disque {device} est défaillant (S.M.A.R.T.) : {message}.</translation>
        </message>
        <message>
            <source>Volume {volume_id} ({path}): disk {device} passes its S.M.A.R.T. check.</source>
            <translation>Volume {volume_id} ({path}) : le disque {device} réussit sa vérification S.M.A.R.T.</translation>
        </message>
        <message>
            <source>Volume {volume_id} ({path}): no S.M.A.R.T. data: {message}.</source>
            <translation>Volume {volume_id} ({path}) : pas de données S.M.A.R.T. : {message}.</translation>
        </message>
        <message>
            <source>Volume {volume_id} ({path}): writing camera {camera}'s {stream} stream failed: {reason}. The volume takes writes and stays in use.</source>
            <translation>Volume {volume_id} ({path}) : échec d’écriture du flux {stream} de la caméra {camera} : {reason}. Le volume accepte les écritures et reste utilisé.</translation>
        </message>
        <message>
            <source>{message} (cleared)</source>
            <translation>{message} (terminé)</translation>
        </message>
        <message>
            <source>{user} acknowledged an alarm.</source>
            <translation>{user} a acquitté une alarme.</translation>
        </message>
        <message>
            <source>{user} added a camera.</source>
            <translation>{user} a ajouté une caméra.</translation>
        </message>
        <message>
            <source>{user} added a permission group.</source>
            <translation>{user} a ajouté un groupe de droits.</translation>
        </message>
        <message>
            <source>{user} added a user.</source>
            <translation>{user} a ajouté un utilisateur.</translation>
        </message>
        <message>
            <source>{user} added a volume.</source>
            <translation>{user} a ajouté un volume.</translation>
        </message>
        <message>
            <source>{user} cancelled a restart or shutdown.</source>
            <translation>{user} a annulé un redémarrage ou un arrêt.</translation>
        </message>
        <message>
            <source>{user} changed a disk group.</source>
            <translation>{user} a modifié un groupe de disques.</translation>
        </message>
        <message>
            <source>{user} changed a permission group.</source>
            <translation>{user} a modifié un groupe de droits.</translation>
        </message>
        <message>
            <source>{user} changed a user.</source>
            <translation>{user} a modifié un utilisateur.</translation>
        </message>
        <message>
            <source>{user} changed a volume.</source>
            <translation>{user} a modifié un volume.</translation>
        </message>
        <message>
            <source>{user} changed camera {camera_id}.</source>
            <translation>{user} a modifié la caméra {camera_id}.</translation>
        </message>
        <message>
            <source>{user} changed the network settings of interface {interface}.</source>
            <translation>{user} a modifié les paramètres réseau de l'interface {interface}.</translation>
        </message>
        <message>
            <source>{user} changed the password of camera {camera_id}.</source>
            <translation>{user} a modifié le mot de passe de la caméra {camera_id}.</translation>
        </message>
        <message>
            <source>{user} changed the picture of camera {camera_id}.</source>
            <translation>{user} a modifié l'image de la caméra {camera_id}.</translation>
        </message>
        <message>
            <source>{user} changed the recording of camera {camera_id}.</source>
            <translation>{user} a modifié l'enregistrement de la caméra {camera_id}.</translation>
        </message>
        <message>
            <source>{user} changed the settings.</source>
            <translation>{user} a modifié les paramètres.</translation>
        </message>
        <message>
            <source>{user} changed the streams of camera {camera_id}.</source>
            <translation>{user} a modifié les flux de la caméra {camera_id}.</translation>
        </message>
        <message>
            <source>{user} changed their password.</source>
            <translation>{user} a modifié son mot de passe.</translation>
        </message>
        <message>
            <source>{user} deleted a permission group.</source>
            <translation>{user} a supprimé un groupe de droits.</translation>
        </message>
        <message>
            <source>{user} deleted a tour.</source>
            <translation>{user} a supprimé une séquence.</translation>
        </message>
        <message>
            <source>{user} deleted a user.</source>
            <translation>{user} a supprimé un utilisateur.</translation>
        </message>
        <message>
            <source>{user} deleted a view.</source>
            <translation>{user} a supprimé une vue.</translation>
        </message>
        <message>
            <source>{user} deleted an alarm rule.</source>
            <translation>{user} a supprimé une règle d'alarme.</translation>
        </message>
        <message>
            <source>{user} deleted camera {camera_id}.</source>
            <translation>{user} a supprimé la caméra {camera_id}.</translation>
        </message>
        <message>
            <source>{user} ended a session.</source>
            <translation>{user} a mis fin à une session.</translation>
        </message>
        <message>
            <source>{user} exported the configuration.</source>
            <translation>{user} a exporté la configuration.</translation>
        </message>
        <message>
            <source>{user} exported video.</source>
            <translation>{user} a exporté de la vidéo.</translation>
        </message>
        <message>
            <source>{user} imported a configuration.</source>
            <translation>{user} a importé une configuration.</translation>
        </message>
        <message>
            <source>{user} initialised a volume.</source>
            <translation>{user} a initialisé un volume.</translation>
        </message>
        <message>
            <source>{user} raised an alarm by hand.</source>
            <translation>{user} a déclenché une alarme manuellement.</translation>
        </message>
        <message>
            <source>{user} removed a volume.</source>
            <translation>{user} a retiré un volume.</translation>
        </message>
        <message>
            <source>{user} reset a user's password.</source>
            <translation>{user} a réinitialisé le mot de passe d'un utilisateur.</translation>
        </message>
        <message>
            <source>{user} saved a tour.</source>
            <translation>{user} a enregistré une séquence.</translation>
        </message>
        <message>
            <source>{user} saved a view.</source>
            <translation>{user} a enregistré une vue.</translation>
        </message>
        <message>
            <source>{user} saved an alarm rule.</source>
            <translation>{user} a enregistré une règle d'alarme.</translation>
        </message>
        <message>
            <source>{user} set the date and time.</source>
            <translation>{user} a réglé la date et l'heure.</translation>
        </message>
        <message>
            <source>{user} set their recovery questions.</source>
            <translation>{user} a défini ses questions de récupération.</translation>
        </message>
        <message>
            <source>{user} signed in from {peer}.</source>
            <translation>{user} s'est connecté depuis {peer}.</translation>
        </message>
        <message>
            <source>{user} signed out.</source>
            <translation>{user} s'est déconnecté.</translation>
        </message>
        <message>
            <source>{user} started an export.</source>
            <translation>{user} a lancé une exportation.</translation>
        </message>
        <message>
            <source>{user} started manual recording.</source>
            <translation>{user} a lancé un enregistrement manuel.</translation>
        </message>
        <message>
            <source>{user} started playback.</source>
            <translation>{user} a lancé une lecture.</translation>
        </message>
        <message>
            <source>{user} stopped manual recording.</source>
            <translation>{user} a arrêté l'enregistrement manuel.</translation>
        </message>
        <message>
            <source>{what} ({subtype})</source>
            <translation>{what} ({subtype})</translation>
        </message>
        <message>
            <source>{what} on camera {camera_id}</source>
            <translation>{what} sur la caméra {camera_id}</translation>
        </message>
        <message>
            <source>{what}: {message}</source>
            <translation>{what} : {message}</translation>
        </message>
    </context>
    <context>
        <name>settings</name>
        <message>
            <source> (older ones match too)</source>
            <translation> (des entrées plus anciennes correspondent aussi)</translation>
        </message>
        <message>
            <source> GB</source>
            <translation> Go</translation>
        </message>
        <message>
            <source> days</source>
            <translation> jours</translation>
        </message>
        <message>
            <source> h/day</source>
            <translation> h/jour</translation>
        </message>
        <message>
            <source> kbit/s</source>
            <translation> kbit/s</translation>
        </message>
        <message>
            <source> min</source>
            <translation> min</translation>
        </message>
        <message>
            <source> s</source>
            <translation> s</translation>
        </message>
        <message>
            <source>#{id} (not shared or deleted)</source>
            <translation>n° {id} (non partagée ou supprimée)</translation>
        </message>
        <message>
            <source>0 (off)</source>
            <translation>0 (désactivé)</translation>
        </message>
        <message>
            <source>A bundle (.vup) is signed by the makers of Vedette. The server checks its signature, that it is newer than the running version and made for this machine, then the machine installs it: recording stops for a minute or two while the server restarts on the new version. Recordings and settings are kept.</source>
            <translation>Un paquet de mise à jour (.vup) est signé par les auteurs de Vedette. Le serveur vérifie sa signature, qu'il est plus récent que la version en service et fait pour cette machine, puis la machine l'installe : l'enregistrement s'arrête une minute ou deux pendant que le serveur redémarre avec la nouvelle version. Les enregistrements et les réglages sont conservés.</translation>
        </message>
        <message>
            <source>A camera records only to its group's volumes. Put a camera in a group on the Cameras page, a volume on the Volumes page.</source>
            <translation>Une caméra n'enregistre que sur les volumes de son groupe. Placez une caméra dans un groupe sur la page Caméras, un volume sur la page Volumes.</translation>
        </message>
        <message>
            <source>A changed port takes effect when the server restarts.</source>
            <translation>Un port modifié prend effet au redémarrage du serveur.</translation>
        </message>
        <message>
            <source>A higher priority takes a PTZ camera from a user of a lower one</source>
            <translation>Une priorité plus haute prend une caméra PTZ à un utilisateur de priorité plus basse</translation>
        </message>
        <message>
            <source>A new language is used from the console's next start.</source>
            <translation>Une nouvelle langue s'applique au prochain démarrage de la console.</translation>
        </message>
        <message>
            <source>A tour runs instead of the view. Only shared ones can be shown.</source>
            <translation>Une séquence tourne à la place de la vue. Seules les séquences partagées peuvent être affichées.</translation>
        </message>
        <message>
            <source>Accepted: version {version} is verified and handed to the machine.</source>
            <translation>Accepté : la version {version} est vérifiée et confiée à la machine.</translation>
        </message>
        <message>
            <source>Access filter</source>
            <translation>Filtrage d'accès</translation>
        </message>
        <message>
            <source>Access filter saved</source>
            <translation>Filtrage d'accès enregistré</translation>
        </message>
        <message>
            <source>Accounts</source>
            <translation>Comptes</translation>
        </message>
        <message>
            <source>Action</source>
            <translation>Action</translation>
        </message>
        <message>
            <source>Add cameras…</source>
            <translation>Ajouter des caméras…</translation>
        </message>
        <message>
            <source>Add entry</source>
            <translation>Ajouter une entrée</translation>
        </message>
        <message>
            <source>Add volume</source>
            <translation>Ajouter un volume</translation>
        </message>
        <message>
            <source>Adding {path}…</source>
            <translation>Ajout de {path}…</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>Adresse</translation>
        </message>
        <message>
            <source>Address, network, range or MAC</source>
            <translation>Adresse, réseau, plage ou MAC</translation>
        </message>
        <message>
            <source>Address/prefix</source>
            <translation>Adresse/préfixe</translation>
        </message>
        <message>
            <source>Addresses</source>
            <translation>Adresses</translation>
        </message>
        <message>
            <source>Add…</source>
            <translation>Ajouter…</translation>
        </message>
        <message>
            <source>Admin password</source>
            <translation>Mot de passe admin</translation>
        </message>
        <message>
            <source>After</source>
            <translation>Dans</translation>
        </message>
        <message>
            <source>Alarm</source>
            <translation>Alarme</translation>
        </message>
        <message>
            <source>Alarm rules</source>
            <translation>Règles d'alarme</translation>
        </message>
        <message>
            <source>Alarm settings</source>
            <translation>Paramètres des alarmes</translation>
        </message>
        <message>
            <source>Alarm statistics</source>
            <translation>Statistiques d'alarmes</translation>
        </message>
        <message>
            <source>Alarms</source>
            <translation>Alarmes</translation>
        </message>
        <message>
            <source>All cameras, also those added later</source>
            <translation>Toutes, y compris les futures</translation>
        </message>
        <message>
            <source>Allow only the listed clients</source>
            <translation>Autoriser uniquement les clients listés</translation>
        </message>
        <message>
            <source>Also delete every camera and every recording</source>
            <translation>Supprimer aussi toutes les caméras et tous les enregistrements</translation>
        </message>
        <message>
            <source>Another server initialised {paths}: its recordings there are moved aside on the disk and can no longer be played back. (Nothing is deleted from the disk.)</source>
            <translation>Un autre serveur a initialisé {paths} : ses enregistrements y sont mis de côté sur le disque et ne peuvent plus être lus. (Rien n'est supprimé du disque.)</translation>
        </message>
        <message>
            <source>Another server's</source>
            <translation>D'un autre serveur</translation>
        </message>
        <message>
            <source>Answer</source>
            <translation>Réponse</translation>
        </message>
        <message>
            <source>Applied</source>
            <translation>Appliqué</translation>
        </message>
        <message>
            <source>Apply the network settings</source>
            <translation>Appliquer les paramètres réseau</translation>
        </message>
        <message>
            <source>Applying…</source>
            <translation>Application…</translation>
        </message>
        <message>
            <source>Apply…</source>
            <translation>Appliquer…</translation>
        </message>
        <message>
            <source>Asking the server…</source>
            <translation>Interrogation du serveur…</translation>
        </message>
        <message>
            <source>At least 8 characters; needed to restore</source>
            <translation>Au moins 8 caractères ; nécessaire pour restaurer</translation>
        </message>
        <message>
            <source>At most {count} DNS servers</source>
            <translation>Au plus {count} serveurs DNS</translation>
        </message>
        <message>
            <source>Audio</source>
            <translation>Audio</translation>
        </message>
        <message>
            <source>Automatic sign-in</source>
            <translation>Connexion automatique</translation>
        </message>
        <message>
            <source>Backup</source>
            <translation>Sauvegarde</translation>
        </message>
        <message>
            <source>Bitrate</source>
            <translation>Débit</translation>
        </message>
        <message>
            <source>Bitrate per channel</source>
            <translation>Débit par voie</translation>
        </message>
        <message>
            <source>Bitrate used (kbit/s)</source>
            <translation>Débit utilisé (kbit/s)</translation>
        </message>
        <message>
            <source>Block the listed clients</source>
            <translation>Bloquer les clients listés</translation>
        </message>
        <message>
            <source>By hand</source>
            <translation>Manuellement</translation>
        </message>
        <message>
            <source>Camera</source>
            <translation>Caméra</translation>
        </message>
        <message>
            <source>Camera by camera</source>
            <translation>Caméra par caméra</translation>
        </message>
        <message>
            <source>Camera “{name}” added</source>
            <translation>Caméra « {name} » ajoutée</translation>
        </message>
        <message>
            <source>Camera “{name}” deleted</source>
            <translation>Caméra « {name} » supprimée</translation>
        </message>
        <message>
            <source>Camera “{name}” saved</source>
            <translation>Caméra « {name} » enregistrée</translation>
        </message>
        <message>
            <source>Cameras</source>
            <translation>Caméras</translation>
        </message>
        <message>
            <source>Cancel it</source>
            <translation>L'annuler</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>Annulé</translation>
        </message>
        <message>
            <source>Cancelling…</source>
            <translation>Annulation…</translation>
        </message>
        <message>
            <source>Capacity</source>
            <translation>Capacité</translation>
        </message>
        <message>
            <source>Change password</source>
            <translation>Changer le mot de passe</translation>
        </message>
        <message>
            <source>Changing the password…</source>
            <translation>Changement du mot de passe…</translation>
        </message>
        <message>
            <source>Changing the ports needs the network right.</source>
            <translation>Modifier les ports nécessite le droit réseau.</translation>
        </message>
        <message>
            <source>Channels</source>
            <translation>Voies</translation>
        </message>
        <message>
            <source>Check all</source>
            <translation>Tout cocher</translation>
        </message>
        <message>
            <source>Check none</source>
            <translation>Tout décocher</translation>
        </message>
        <message>
            <source>Check the figures: {reason}</source>
            <translation>Vérifiez les chiffres : {reason}</translation>
        </message>
        <message>
            <source>Checked: {0}</source>
            <translation>Vérifié le {0}</translation>
        </message>
        <message>
            <source>Checking the file…</source>
            <translation>Vérification du fichier…</translation>
        </message>
        <message>
            <source>Choose a bundle and upload…</source>
            <translation>Choisir un paquet et l'envoyer…</translation>
        </message>
        <message>
            <source>Choose a file and preview…</source>
            <translation>Choisir un fichier et prévisualiser…</translation>
        </message>
        <message>
            <source>Choose a page on the left.</source>
            <translation>Choisissez une page à gauche.</translation>
        </message>
        <message>
            <source>Clock set</source>
            <translation>Horloge réglée</translation>
        </message>
        <message>
            <source>Codec</source>
            <translation>Codec</translation>
        </message>
        <message>
            <source>Configuration backup</source>
            <translation>Sauvegarde de la configuration</translation>
        </message>
        <message>
            <source>Configuration imported: {changes}</source>
            <translation>Configuration importée : {changes}</translation>
        </message>
        <message>
            <source>Configuration saved to {path}</source>
            <translation>Configuration enregistrée dans {path}</translation>
        </message>
        <message>
            <source>Connecting</source>
            <translation>Connexion</translation>
        </message>
        <message>
            <source>Copy of {name}</source>
            <translation>Copie de {name}</translation>
        </message>
        <message>
            <source>Copy…</source>
            <translation>Copier…</translation>
        </message>
        <message>
            <source>Current password</source>
            <translation>Mot de passe actuel</translation>
        </message>
        <message>
            <source>DHCP (automatic)</source>
            <translation>DHCP (automatique)</translation>
        </message>
        <message>
            <source>DNS servers</source>
            <translation>Serveurs DNS</translation>
        </message>
        <message>
            <source>Date and time</source>
            <translation>Date et heure</translation>
        </message>
        <message>
            <source>Date format</source>
            <translation>Format de date</translation>
        </message>
        <message>
            <source>Delete camera</source>
            <translation>Supprimer la caméra</translation>
        </message>
        <message>
            <source>Delete permission group</source>
            <translation>Supprimer le groupe de droits</translation>
        </message>
        <message>
            <source>Delete recordings after</source>
            <translation>Supprimer les enregistrements après</translation>
        </message>
        <message>
            <source>Delete the permission group {name} and its rights?</source>
            <translation>Supprimer le groupe de droits {name} et ses droits ?</translation>
        </message>
        <message>
            <source>Delete the user {name}? Their sessions end at once and the account is lost; the system log keeps what they did.</source>
            <translation>Supprimer l'utilisateur {name} ? Ses sessions se terminent immédiatement et le compte est perdu ; le journal système garde trace de ses actions.</translation>
        </message>
        <message>
            <source>Delete user</source>
            <translation>Supprimer l'utilisateur</translation>
        </message>
        <message>
            <source>Delete “{name}”? Its configuration and all its recordings are deleted; this cannot be undone. The server refuses while one of its recordings is locked as evidence. To stop recording it and keep its recordings, untick “Enabled” instead.</source>
            <translation>Supprimer « {name} » ? Sa configuration et tous ses enregistrements sont supprimés ; cette action est irréversible. Le serveur refuse tant qu'un de ses enregistrements est verrouillé comme preuve. Pour arrêter de l'enregistrer en gardant ses enregistrements, décochez plutôt « Activée ».</translation>
        </message>
        <message>
            <source>Delete…</source>
            <translation>Supprimer…</translation>
        </message>
        <message>
            <source>Deleting…</source>
            <translation>Suppression…</translation>
        </message>
        <message>
            <source>Device</source>
            <translation>Périphérique</translation>
        </message>
        <message>
            <source>Device name</source>
            <translation>Nom de l'appareil</translation>
        </message>
        <message>
            <source>Device number</source>
            <translation>Numéro de l'appareil</translation>
        </message>
        <message>
            <source>Disable</source>
            <translation>Désactiver</translation>
        </message>
        <message>
            <source>Disabled</source>
            <translation>Désactivée</translation>
        </message>
        <message>
            <source>Disk group</source>
            <translation>Groupe de disques</translation>
        </message>
        <message>
            <source>Disk group {group} saved</source>
            <translation>Groupe de disques {group} enregistré</translation>
        </message>
        <message>
            <source>Disk groups</source>
            <translation>Groupes de disques</translation>
        </message>
        <message>
            <source>Disk needed = bitrate × hours a day × days × channels, plus the 10 % of a disk's size lost to formatting. Measured bitrates are the server's, over the last few seconds; change a camera's figure to try another.</source>
            <translation>Disque nécessaire = débit × heures par jour × jours × voies, plus les 10 % de la taille d'un disque perdus au formatage. Les débits mesurés sont ceux du serveur, sur les dernières secondes ; modifiez le chiffre d'une caméra pour en essayer un autre.</translation>
        </message>
        <message>
            <source>Disk:</source>
            <translation>Disque :</translation>
        </message>
        <message>
            <source>Disks</source>
            <translation>Disques</translation>
        </message>
        <message>
            <source>Display</source>
            <translation>Affichage</translation>
        </message>
        <message>
            <source>Displays</source>
            <translation>Écrans</translation>
        </message>
        <message>
            <source>E-mail</source>
            <translation>Courriel</translation>
        </message>
        <message>
            <source>Edit…</source>
            <translation>Modifier…</translation>
        </message>
        <message>
            <source>Enable</source>
            <translation>Activer</translation>
        </message>
        <message>
            <source>Enabled (its streams are fetched and recorded)</source>
            <translation>Activée (ses flux sont récupérés et enregistrés)</translation>
        </message>
        <message>
            <source>End session</source>
            <translation>Terminer la session</translation>
        </message>
        <message>
            <source>End session…</source>
            <translation>Terminer la session…</translation>
        </message>
        <message>
            <source>End the session of {name} from {address}? They are signed out at once and their open streams close.</source>
            <translation>Terminer la session de {name} depuis {address} ? Il est déconnecté immédiatement et ses flux ouverts se ferment.</translation>
        </message>
        <message>
            <source>End this console's session</source>
            <translation>Terminer la session de cette console</translation>
        </message>
        <message>
            <source>End your own session? This console is signed out at once.</source>
            <translation>Terminer votre propre session ? Cette console est déconnectée immédiatement.</translation>
        </message>
        <message>
            <source>English</source>
            <translation>English</translation>
        </message>
        <message>
            <source>Enter the folder's absolute path on the server.</source>
            <translation>Saisissez le chemin absolu du dossier sur le serveur.</translation>
        </message>
        <message>
            <source>Every setting, user, permission group and view is reset (only admin stays, with its password), and every camera and every recording is deleted.</source>
            <translation>Tous les paramètres, utilisateurs, groupes de droits et vues sont réinitialisés (seul admin reste, avec son mot de passe), et toutes les caméras et tous les enregistrements sont supprimés.</translation>
        </message>
        <message>
            <source>Every setting, user, permission group and view is reset (only admin stays, with its password). Cameras are disabled and their passwords erased; their recordings are kept.</source>
            <translation>Tous les paramètres, utilisateurs, groupes de droits et vues sont réinitialisés (seul admin reste, avec son mot de passe). Les caméras sont désactivées et leurs mots de passe effacés ; leurs enregistrements sont conservés.</translation>
        </message>
        <message>
            <source>Every type</source>
            <translation>Tous les types</translation>
        </message>
        <message>
            <source>Examples: 192.0.2.7, 192.0.2.0/24, 192.0.2.10-192.0.2.20, aa:bb:cc:dd:ee:ff (only on this network). The appliance's own screen is never filtered.</source>
            <translation>Exemples : 192.0.2.7, 192.0.2.0/24, 192.0.2.10-192.0.2.20, aa:bb:cc:dd:ee:ff (uniquement sur ce réseau). L'écran de l'enregistreur lui-même n'est jamais filtré.</translation>
        </message>
        <message>
            <source>Exception</source>
            <translation>Anomalie</translation>
        </message>
        <message>
            <source>Expiry</source>
            <translation>Expiration</translation>
        </message>
        <message>
            <source>Exported by server {server} on {time}. Importing it would make {changes}:</source>
            <translation>Exportée par le serveur {server} le {time}. L'importer apporterait {changes} :</translation>
        </message>
        <message>
            <source>Factory reset</source>
            <translation>Réinitialisation d'usine</translation>
        </message>
        <message>
            <source>Factory reset…</source>
            <translation>Réinitialisation d'usine…</translation>
        </message>
        <message>
            <source>Failing</source>
            <translation>Défaillant</translation>
        </message>
        <message>
            <source>File</source>
            <translation>Fichier</translation>
        </message>
        <message>
            <source>Filter the clients that may connect</source>
            <translation>Filtrer les clients autorisés à se connecter</translation>
        </message>
        <message>
            <source>Folder on the server, e.g. /media/disk2</source>
            <translation>Dossier sur le serveur, p. ex. /media/disk2</translation>
        </message>
        <message>
            <source>For {days} days: {size} of recordings, on disks of at least {disk}</source>
            <translation>Pour {days} jours : {size} d'enregistrements, sur des disques d'au moins {disk}</translation>
        </message>
        <message>
            <source>Français</source>
            <translation>Français</translation>
        </message>
        <message>
            <source>Free</source>
            <translation>Libre</translation>
        </message>
        <message>
            <source>Free space kept on each of the group's volumes</source>
            <translation>Espace libre réservé sur chaque volume du groupe</translation>
        </message>
        <message>
            <source>From</source>
            <translation>Du</translation>
        </message>
        <message>
            <source>From an NTP server</source>
            <translation>Depuis un serveur NTP</translation>
        </message>
        <message>
            <source>Full</source>
            <translation>Plein</translation>
        </message>
        <message>
            <source>Gateway</source>
            <translation>Passerelle</translation>
        </message>
        <message>
            <source>General</source>
            <translation>Général</translation>
        </message>
        <message>
            <source>Give the address with its prefix length (1 to 30), for example 192.0.2.10/24</source>
            <translation>Indiquez l'adresse avec la longueur de son préfixe (1 à 30), par exemple 192.0.2.10/24</translation>
        </message>
        <message>
            <source>Group</source>
            <translation>Groupe</translation>
        </message>
        <message>
            <source>Group </source>
            <translation>Groupe </translation>
        </message>
        <message>
            <source>Group {name} added</source>
            <translation>Groupe {name} ajouté</translation>
        </message>
        <message>
            <source>Group {name} deleted</source>
            <translation>Groupe {name} supprimé</translation>
        </message>
        <message>
            <source>Group {name} saved</source>
            <translation>Groupe {name} enregistré</translation>
        </message>
        <message>
            <source>Handle alarms</source>
            <translation>Traiter les alarmes</translation>
        </message>
        <message>
            <source>Health</source>
            <translation>Santé</translation>
        </message>
        <message>
            <source>Host</source>
            <translation>Hôte</translation>
        </message>
        <message>
            <source>Host network</source>
            <translation>Réseau de l'appareil</translation>
        </message>
        <message>
            <source>Hours a day</source>
            <translation>Heures par jour</translation>
        </message>
        <message>
            <source>Import the configuration</source>
            <translation>Importer la configuration</translation>
        </message>
        <message>
            <source>Importing…</source>
            <translation>Importation…</translation>
        </message>
        <message>
            <source>Import…</source>
            <translation>Importer…</translation>
        </message>
        <message>
            <source>Information</source>
            <translation>Information</translation>
        </message>
        <message>
            <source>Initialise all volumes</source>
            <translation>Initialiser tous les volumes</translation>
        </message>
        <message>
            <source>Initialise all…</source>
            <translation>Tout initialiser…</translation>
        </message>
        <message>
            <source>Initialise the volume {path}? Vedette writes its marker there and records on it from now on; files already in the folder are not touched.</source>
            <translation>Initialiser le volume {path} ? Vedette y écrit son marqueur et y enregistre désormais ; les fichiers déjà présents dans le dossier ne sont pas touchés.</translation>
        </message>
        <message>
            <source>Initialise volume</source>
            <translation>Initialiser le volume</translation>
        </message>
        <message numerus="yes">
            <source>Initialise {count} volumes? Vedette records on them from now on.</source>
            <extracomment>Singular: Initialise {count} volume? Vedette records on it from now on.</extracomment>
            <translation>
                <numerusform>Initialiser {count} volume ? Vedette y enregistre désormais.</numerusform>
                <numerusform>Initialiser {count} volumes ? Vedette y enregistre désormais.</numerusform>
            </translation>
        </message>
        <message>
            <source>Initialise…</source>
            <translation>Initialiser…</translation>
        </message>
        <message>
            <source>Initialising {path} ({done} of {total})…</source>
            <translation>Initialisation de {path} ({done} sur {total})…</translation>
        </message>
        <message>
            <source>Inputs and outputs</source>
            <translation>Entrées et sorties</translation>
        </message>
        <message>
            <source>Installing version {version}: {message}</source>
            <translation>Installation de la version {version} : {message}</translation>
        </message>
        <message>
            <source>Interface</source>
            <translation>Interface</translation>
        </message>
        <message>
            <source>Interfaces</source>
            <translation>Interfaces</translation>
        </message>
        <message>
            <source>Its answer</source>
            <translation>Sa réponse</translation>
        </message>
        <message>
            <source>Keep recordings for</source>
            <translation>Conserver les enregistrements pendant</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>Langue</translation>
        </message>
        <message>
            <source>Last call</source>
            <translation>Dernière requête</translation>
        </message>
        <message>
            <source>Last upgrade</source>
            <translation>Dernière mise à jour</translation>
        </message>
        <message>
            <source>Link</source>
            <translation>Liaison</translation>
        </message>
        <message>
            <source>Live</source>
            <translation>Direct</translation>
        </message>
        <message>
            <source>Live streams</source>
            <translation>Flux en direct</translation>
        </message>
        <message>
            <source>Local (this appliance)</source>
            <translation>Local (cet enregistreur)</translation>
        </message>
        <message>
            <source>Log out</source>
            <translation>Se déconnecter</translation>
        </message>
        <message>
            <source>Log out after idle</source>
            <translation>Déconnexion après inactivité</translation>
        </message>
        <message>
            <source>Logged-out cameras</source>
            <translation>Caméras hors connexion</translation>
        </message>
        <message>
            <source>MAC</source>
            <translation>MAC</translation>
        </message>
        <message>
            <source>MAC binding</source>
            <translation>Liaison MAC</translation>
        </message>
        <message>
            <source>MAC {mac}, {link}, {origin}; now {address}</source>
            <translation>MAC {mac}, {link}, {origin} ; actuellement {address}</translation>
        </message>
        <message>
            <source>Main display: tour</source>
            <translation>Écran principal : séquence</translation>
        </message>
        <message>
            <source>Main display: view</source>
            <translation>Écran principal : vue</translation>
        </message>
        <message>
            <source>Maintenance</source>
            <translation>Maintenance</translation>
        </message>
        <message>
            <source>May change</source>
            <translation>Peut modifier</translation>
        </message>
        <message>
            <source>May sign in</source>
            <translation>Peut se connecter</translation>
        </message>
        <message>
            <source>Measured</source>
            <translation>Mesuré</translation>
        </message>
        <message>
            <source>Message</source>
            <translation>Message</translation>
        </message>
        <message>
            <source>Mode</source>
            <translation>Mode</translation>
        </message>
        <message>
            <source>Move to group</source>
            <translation>Déplacer vers le groupe</translation>
        </message>
        <message>
            <source>Moving…</source>
            <translation>Déplacement…</translation>
        </message>
        <message>
            <source>My account</source>
            <translation>Mon compte</translation>
        </message>
        <message>
            <source>NTP server</source>
            <translation>Serveur NTP</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <source>Network</source>
            <translation>Réseau</translation>
        </message>
        <message>
            <source>Network interfaces of the machine</source>
            <translation>Interfaces réseau de la machine</translation>
        </message>
        <message>
            <source>NetworkManager manages no Ethernet interface here.</source>
            <translation>NetworkManager ne gère ici aucune interface Ethernet.</translation>
        </message>
        <message>
            <source>Never</source>
            <translation>Jamais</translation>
        </message>
        <message>
            <source>Never (until the disk group overwrites)</source>
            <translation>Jamais (jusqu'à l'écrasement par le groupe de disques)</translation>
        </message>
        <message>
            <source>New password</source>
            <translation>Nouveau mot de passe</translation>
        </message>
        <message>
            <source>New password again</source>
            <translation>Confirmer le nouveau mot de passe</translation>
        </message>
        <message>
            <source>New password for {name}</source>
            <translation>Nouveau mot de passe pour {name}</translation>
        </message>
        <message>
            <source>New permission group</source>
            <translation>Nouveau groupe de droits</translation>
        </message>
        <message>
            <source>New user</source>
            <translation>Nouvel utilisateur</translation>
        </message>
        <message>
            <source>New volume</source>
            <translation>Nouveau volume</translation>
        </message>
        <message>
            <source>Newest recording</source>
            <translation>Enregistrement le plus récent</translation>
        </message>
        <message>
            <source>Next maintenance restart: {time}</source>
            <translation>Prochain redémarrage de maintenance : {time}</translation>
        </message>
        <message>
            <source>No</source>
            <translation>Non</translation>
        </message>
        <message>
            <source>No file chosen</source>
            <translation>Aucun fichier choisi</translation>
        </message>
        <message>
            <source>No maintenance restart is scheduled.</source>
            <translation>Aucun redémarrage de maintenance n'est programmé.</translation>
        </message>
        <message>
            <source>No upgrade yet</source>
            <translation>Aucune mise à jour pour l'instant</translation>
        </message>
        <message>
            <source>Nobody (the console asks)</source>
            <translation>Personne (la console demande)</translation>
        </message>
        <message>
            <source>None</source>
            <translation>Aucune</translation>
        </message>
        <message>
            <source>Not initialised</source>
            <translation>Non initialisé</translation>
        </message>
        <message>
            <source>Not initialised: {errors}</source>
            <translation>Non initialisé : {errors}</translation>
        </message>
        <message>
            <source>Not recorded</source>
            <translation>Non enregistré</translation>
        </message>
        <message>
            <source>Not saved: see the field marked</source>
            <translation>Non enregistré : voir le champ signalé</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>Nothing changed</source>
            <translation>Rien n'a changé</translation>
        </message>
        <message>
            <source>Notifications</source>
            <translation>Notifications</translation>
        </message>
        <message>
            <source>Offline</source>
            <translation>Hors ligne</translation>
        </message>
        <message>
            <source>Older entries</source>
            <translation>Entrées plus anciennes</translation>
        </message>
        <message>
            <source>Oldest recording</source>
            <translation>Enregistrement le plus ancien</translation>
        </message>
        <message>
            <source>Online</source>
            <translation>En ligne</translation>
        </message>
        <message>
            <source>Online users</source>
            <translation>Utilisateurs en ligne</translation>
        </message>
        <message>
            <source>Open sessions</source>
            <translation>Sessions ouvertes</translation>
        </message>
        <message>
            <source>Open the start-up wizard at the console's next start</source>
            <translation>Ouvrir l'assistant de démarrage au prochain démarrage de la console</translation>
        </message>
        <message>
            <source>Operation</source>
            <translation>Opération</translation>
        </message>
        <message>
            <source>Outcome</source>
            <translation>Résultat</translation>
        </message>
        <message>
            <source>Overwrite the oldest</source>
            <translation>Écraser les plus anciens</translation>
        </message>
        <message>
            <source>Overwrite the oldest recordings when a volume is full</source>
            <translation>Écraser les enregistrements les plus anciens quand un volume est plein</translation>
        </message>
        <message>
            <source>PTZ</source>
            <translation>PTZ</translation>
        </message>
        <message>
            <source>PTZ priority</source>
            <translation>Priorité PTZ</translation>
        </message>
        <message>
            <source>Passed</source>
            <translation>Réussi</translation>
        </message>
        <message>
            <source>Passphrase</source>
            <translation>Phrase secrète</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>Mot de passe</translation>
        </message>
        <message>
            <source>Password again</source>
            <translation>Confirmer le mot de passe</translation>
        </message>
        <message>
            <source>Password recovery questions</source>
            <translation>Questions de récupération du mot de passe</translation>
        </message>
        <message>
            <source>Password set</source>
            <translation>Mot de passe défini</translation>
        </message>
        <message>
            <source>Path</source>
            <translation>Chemin</translation>
        </message>
        <message>
            <source>Pending sectors: {0}</source>
            <translation>Secteurs en attente : {0}</translation>
        </message>
        <message>
            <source>Permission group</source>
            <translation>Groupe de droits</translation>
        </message>
        <message>
            <source>Permission groups</source>
            <translation>Groupes de droits</translation>
        </message>
        <message>
            <source>Platform</source>
            <translation>Plateforme</translation>
        </message>
        <message>
            <source>Play video</source>
            <translation>Lire la vidéo</translation>
        </message>
        <message>
            <source>Playback</source>
            <translation>Lecture</translation>
        </message>
        <message>
            <source>Playback streams</source>
            <translation>Flux de lecture</translation>
        </message>
        <message>
            <source>Plays the entry's camera from the entry's time</source>
            <translation>Lit la caméra de l'entrée à partir de l'heure de l'entrée</translation>
        </message>
        <message>
            <source>Ports</source>
            <translation>Ports</translation>
        </message>
        <message>
            <source>Power-on hours: {0}</source>
            <translation>Heures de fonctionnement : {0}</translation>
        </message>
        <message>
            <source>Question {number}</source>
            <translation>Question {number}</translation>
        </message>
        <message>
            <source>RTSP clients may watch live without signing in</source>
            <translation>Les clients RTSP peuvent regarder le direct sans se connecter</translation>
        </message>
        <message>
            <source>RTSP port</source>
            <translation>Port RTSP</translation>
        </message>
        <message>
            <source>Reading the access filter…</source>
            <translation>Lecture du filtrage d'accès…</translation>
        </message>
        <message>
            <source>Reading the groups…</source>
            <translation>Lecture des groupes…</translation>
        </message>
        <message>
            <source>Reading the sessions…</source>
            <translation>Lecture des sessions…</translation>
        </message>
        <message>
            <source>Reading the settings…</source>
            <translation>Lecture des paramètres…</translation>
        </message>
        <message>
            <source>Reading the users…</source>
            <translation>Lecture des utilisateurs…</translation>
        </message>
        <message>
            <source>Reading your account…</source>
            <translation>Lecture de votre compte…</translation>
        </message>
        <message>
            <source>Reading your rights…</source>
            <translation>Lecture de vos droits…</translation>
        </message>
        <message>
            <source>Reading…</source>
            <translation>Lecture…</translation>
        </message>
        <message>
            <source>Reallocated sectors: {0}</source>
            <translation>Secteurs réalloués : {0}</translation>
        </message>
        <message>
            <source>Record the camera's audio</source>
            <translation>Enregistrer l'audio de la caméra</translation>
        </message>
        <message>
            <source>Recorded</source>
            <translation>Enregistré</translation>
        </message>
        <message>
            <source>Recorded per day: {size}</source>
            <translation>Enregistré par jour : {size}</translation>
        </message>
        <message>
            <source>Recording</source>
            <translation>Enregistrement</translation>
        </message>
        <message>
            <source>Recording (read-write)</source>
            <translation>Enregistrement (lecture-écriture)</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>Actualiser</translation>
        </message>
        <message>
            <source>Refused: {reason}</source>
            <translation>Refusé : {reason}</translation>
        </message>
        <message>
            <source>Remote clients</source>
            <translation>Clients distants</translation>
        </message>
        <message>
            <source>Remove entry</source>
            <translation>Retirer l'entrée</translation>
        </message>
        <message>
            <source>Remove the volume {path}? This server forgets it and its recordings: they are no longer listed or played back (their files stay on the disk). The server refuses while the volume is recording: move it to an empty disk group first.</source>
            <translation>Retirer le volume {path} ? Ce serveur l'oublie avec ses enregistrements : ils ne sont plus listés ni lus (leurs fichiers restent sur le disque). Le serveur refuse tant que le volume enregistre : déplacez-le d'abord dans un groupe de disques vide.</translation>
        </message>
        <message>
            <source>Remove volume</source>
            <translation>Retirer le volume</translation>
        </message>
        <message>
            <source>Remove…</source>
            <translation>Retirer…</translation>
        </message>
        <message>
            <source>Removing…</source>
            <translation>Retrait…</translation>
        </message>
        <message>
            <source>Reserve</source>
            <translation>Réserve</translation>
        </message>
        <message>
            <source>Reset password…</source>
            <translation>Réinitialiser le mot de passe…</translation>
        </message>
        <message>
            <source>Resetting…</source>
            <translation>Réinitialisation…</translation>
        </message>
        <message>
            <source>Resolution (main / sub)</source>
            <translation>Résolution (principal / secondaire)</translation>
        </message>
        <message>
            <source>Restart at {time}</source>
            <translation>Redémarrage à {time}</translation>
        </message>
        <message>
            <source>Restart the appliance</source>
            <translation>Redémarrer l'appareil</translation>
        </message>
        <message>
            <source>Restart the appliance…</source>
            <translation>Redémarrer l'appareil…</translation>
        </message>
        <message>
            <source>Restart the server</source>
            <translation>Redémarrer le serveur</translation>
        </message>
        <message>
            <source>Restart the server every</source>
            <translation>Redémarrer le serveur tous les</translation>
        </message>
        <message>
            <source>Restart the server…</source>
            <translation>Redémarrer le serveur…</translation>
        </message>
        <message>
            <source>Restart, shutdown and log out</source>
            <translation>Redémarrage, arrêt et déconnexion</translation>
        </message>
        <message>
            <source>Restore a configuration</source>
            <translation>Restaurer une configuration</translation>
        </message>
        <message>
            <source>Rights</source>
            <translation>Droits</translation>
        </message>
        <message>
            <source>Running for</source>
            <translation>En marche depuis</translation>
        </message>
        <message>
            <source>Running version</source>
            <translation>Version en service</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>Enregistrer</translation>
        </message>
        <message>
            <source>Save the configuration</source>
            <translation>Enregistrer la configuration</translation>
        </message>
        <message>
            <source>Save the configuration to a file…</source>
            <translation>Enregistrer la configuration dans un fichier…</translation>
        </message>
        <message>
            <source>Save the questions</source>
            <translation>Enregistrer les questions</translation>
        </message>
        <message>
            <source>Save the schedule</source>
            <translation>Enregistrer la programmation</translation>
        </message>
        <message>
            <source>Saved</source>
            <translation>Enregistré</translation>
        </message>
        <message>
            <source>Saved. The change takes effect when the server restarts.</source>
            <translation>Enregistré. La modification prendra effet au redémarrage du serveur.</translation>
        </message>
        <message>
            <source>Saved: the new ports take effect when the server restarts.</source>
            <translation>Enregistré : les nouveaux ports prennent effet au redémarrage du serveur.</translation>
        </message>
        <message>
            <source>Saving the configuration…</source>
            <translation>Enregistrement de la configuration…</translation>
        </message>
        <message>
            <source>Saving the questions…</source>
            <translation>Enregistrement des questions…</translation>
        </message>
        <message>
            <source>Saving…</source>
            <translation>Enregistrement…</translation>
        </message>
        <message>
            <source>Schedule saved</source>
            <translation>Programmation enregistrée</translation>
        </message>
        <message>
            <source>Scheduled restart</source>
            <translation>Redémarrage programmé</translation>
        </message>
        <message>
            <source>Search</source>
            <translation>Rechercher</translation>
        </message>
        <message>
            <source>Searching…</source>
            <translation>Recherche…</translation>
        </message>
        <message>
            <source>Secondary display: tour</source>
            <translation>Écran secondaire : séquence</translation>
        </message>
        <message>
            <source>Secondary display: view</source>
            <translation>Écran secondaire : vue</translation>
        </message>
        <message>
            <source>See alarms</source>
            <translation>Voir les alarmes</translation>
        </message>
        <message>
            <source>See without privacy masks</source>
            <translation>Voir sans masques de confidentialité</translation>
        </message>
        <message>
            <source>Serial</source>
            <translation>N° de série</translation>
        </message>
        <message>
            <source>Server clock</source>
            <translation>Horloge du serveur</translation>
        </message>
        <message>
            <source>Server id</source>
            <translation>Identifiant du serveur</translation>
        </message>
        <message>
            <source>Server port</source>
            <translation>Port du serveur</translation>
        </message>
        <message>
            <source>Server time</source>
            <translation>Heure du serveur</translation>
        </message>
        <message>
            <source>Set the server's clock</source>
            <translation>Régler l'horloge du serveur</translation>
        </message>
        <message>
            <source>Setting the clock…</source>
            <translation>Réglage de l'horloge…</translation>
        </message>
        <message>
            <source>Settings — {server}</source>
            <translation>Paramètres — {server}</translation>
        </message>
        <message>
            <source>Shown while nobody is logged in; none checked: no video.</source>
            <translation>Affichées tant que personne n'est connecté ; aucune cochée : pas de vidéo.</translation>
        </message>
        <message>
            <source>Shut down the appliance</source>
            <translation>Éteindre l'appareil</translation>
        </message>
        <message>
            <source>Shut down the appliance…</source>
            <translation>Éteindre l'appareil…</translation>
        </message>
        <message>
            <source>Shut the server down</source>
            <translation>Arrêter le serveur</translation>
        </message>
        <message>
            <source>Shut the server down…</source>
            <translation>Arrêter le serveur…</translation>
        </message>
        <message>
            <source>Shutdown at {time}</source>
            <translation>Arrêt à {time}</translation>
        </message>
        <message>
            <source>Signed in</source>
            <translation>Connexion</translation>
        </message>
        <message>
            <source>Signed in as {name} from {where}.</source>
            <translation>Connecté en tant que {name} depuis {where}.</translation>
        </message>
        <message>
            <source>Since {time}</source>
            <translation>Depuis le {time}</translation>
        </message>
        <message>
            <source>Speed</source>
            <translation>Vitesse</translation>
        </message>
        <message>
            <source>State</source>
            <translation>État</translation>
        </message>
        <message>
            <source>Static address</source>
            <translation>Adresse fixe</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>État</translation>
        </message>
        <message>
            <source>Stop recording</source>
            <translation>Arrêter l'enregistrement</translation>
        </message>
        <message>
            <source>Storage</source>
            <translation>Stockage</translation>
        </message>
        <message>
            <source>Storage calculator</source>
            <translation>Calculateur de stockage</translation>
        </message>
        <message>
            <source>Switch outputs</source>
            <translation>Commuter les sorties</translation>
        </message>
        <message>
            <source>System</source>
            <translation>Système</translation>
        </message>
        <message>
            <source>System information</source>
            <translation>Informations système</translation>
        </message>
        <message>
            <source>System log</source>
            <translation>Journal système</translation>
        </message>
        <message>
            <source>Take over the volume {path}? Another server initialised it. That server's recordings on it are moved aside on the disk and can no longer be played back, from this server or from that one. (Nothing is deleted from the disk.)</source>
            <translation>Reprendre le volume {path} ? Un autre serveur l'a initialisé. Les enregistrements de ce serveur-là y sont mis de côté sur le disque et ne peuvent plus être lus, ni depuis ce serveur ni depuis l'autre. (Rien n'est supprimé du disque.)</translation>
        </message>
        <message>
            <source>Temperature: {0} °C</source>
            <translation>Température : {0} °C</translation>
        </message>
        <message>
            <source>Text</source>
            <translation>Texte</translation>
        </message>
        <message>
            <source>Text in the message, action, user, address or details</source>
            <translation>Texte dans le message, l'action, l'utilisateur, l'adresse ou les détails</translation>
        </message>
        <message>
            <source>The admin account is always enabled</source>
            <translation>Le compte admin est toujours activé</translation>
        </message>
        <message>
            <source>The administrator group has every right and cannot be changed.</source>
            <translation>Le groupe administrateur a tous les droits et ne peut pas être modifié.</translation>
        </message>
        <message>
            <source>The appliance console signs in as this user at start, without a password.</source>
            <translation>Au démarrage, la console de l'enregistreur se connecte avec cet utilisateur, sans mot de passe.</translation>
        </message>
        <message>
            <source>The appliance powers off in {seconds} s, once the server has closed its recordings: nothing is recorded until someone switches it on again.</source>
            <translation>L'appareil s'éteint dans {seconds} s, une fois que le serveur a fermé ses enregistrements : plus rien n'est enregistré jusqu'à ce que quelqu'un le rallume.</translation>
        </message>
        <message>
            <source>The appliance restarts in {seconds} s, once the server has closed its recordings: every console is signed out and recording pauses until it is back.</source>
            <translation>L'appareil redémarre dans {seconds} s, une fois que le serveur a fermé ses enregistrements : toutes les consoles sont déconnectées et l'enregistrement est suspendu jusqu'à son retour.</translation>
        </message>
        <message>
            <source>The configuration becomes the file's ({changes}). Cameras that are not in the file are disabled (their recordings stay), and every other session is ended.</source>
            <translation>La configuration devient celle du fichier ({changes}). Les caméras absentes du fichier sont désactivées (leurs enregistrements restent), et toutes les autres sessions sont terminées.</translation>
        </message>
        <message>
            <source>The current volumes ({size} usable) hold about {days} days</source>
            <translation>Les volumes actuels ({size} utilisables) contiennent environ {days} jours</translation>
        </message>
        <message>
            <source>The disk has not been read yet.</source>
            <translation>Le disque n'a pas encore été lu.</translation>
        </message>
        <message>
            <source>The gateway must be another address of {network}</source>
            <translation>La passerelle doit être une autre adresse de {network}</translation>
        </message>
        <message>
            <source>The interfaces are shown with the system or network right.</source>
            <translation>Les interfaces sont affichées avec le droit système ou réseau.</translation>
        </message>
        <message>
            <source>The machine's interface {interface} takes these settings at once. If this console reaches the server through {interface}, the connection may drop when its address changes: connect again at the new address.</source>
            <translation>L'interface {interface} de la machine prend ces paramètres immédiatement. Si cette console joint le serveur par {interface}, la connexion peut être coupée quand son adresse change : reconnectez-vous à la nouvelle adresse.</translation>
        </message>
        <message>
            <source>The passphrase needs at least {count} characters</source>
            <translation>La phrase secrète doit comporter au moins {count} caractères</translation>
        </message>
        <message>
            <source>The password of {name} is changed; their sessions have ended</source>
            <translation>Le mot de passe de {name} est changé ; ses sessions sont terminées</translation>
        </message>
        <message>
            <source>The same for every channel</source>
            <translation>Le même pour toutes les voies</translation>
        </message>
        <message>
            <source>The server is back to its factory settings</source>
            <translation>Le serveur est revenu à ses paramètres d'usine</translation>
        </message>
        <message>
            <source>The server restarts in {seconds} s: every console is signed out and recording pauses until it is back.</source>
            <translation>Le serveur redémarre dans {seconds} s : toutes les consoles sont déconnectées et l'enregistrement est suspendu jusqu'à son retour.</translation>
        </message>
        <message>
            <source>The server stops in {seconds} s: recording stops until someone starts it again on the host.</source>
            <translation>Le serveur s'arrête dans {seconds} s : l'enregistrement s'arrête jusqu'à ce que quelqu'un le redémarre sur l'hôte.</translation>
        </message>
        <message>
            <source>The server's clock is set</source>
            <translation>L'horloge du serveur est réglée</translation>
        </message>
        <message>
            <source>The session of {name} has ended</source>
            <translation>La session de {name} est terminée</translation>
        </message>
        <message>
            <source>The two new passwords are not the same.</source>
            <translation>Les deux nouveaux mots de passe ne sont pas identiques.</translation>
        </message>
        <message>
            <source>The two passwords are not the same.</source>
            <translation>Les deux mots de passe ne sont pas identiques.</translation>
        </message>
        <message>
            <source>The upgrade to {version} failed: {message}</source>
            <translation>La mise à jour vers la version {version} a échoué : {message}</translation>
        </message>
        <message>
            <source>These settings set the server's host clock and time zone.</source>
            <translation>Ces paramètres règlent l'horloge et le fuseau horaire de l'hôte du serveur.</translation>
        </message>
        <message>
            <source>This server does not control the machine it runs on: its network is set on the machine itself.</source>
            <translation>Ce serveur ne contrôle pas la machine sur laquelle il tourne : son réseau se règle sur la machine elle-même.</translation>
        </message>
        <message>
            <source>This server does not manage its host's clock: these settings only choose the zone and formats the consoles show times in. Set the time on the host.</source>
            <translation>Ce serveur ne gère pas l'horloge de son hôte : ces paramètres ne choisissent que le fuseau et les formats d'affichage des heures dans les consoles. Réglez l'heure sur l'hôte.</translation>
        </message>
        <message>
            <source>Those DHCP gives</source>
            <translation>Ceux que donne le DHCP</translation>
        </message>
        <message>
            <source>Three questions only you can answer: at this appliance's screen they let you set a new password when you have forgotten yours.</source>
            <translation>Trois questions auxquelles vous seul pouvez répondre : sur l'écran de cet enregistreur, elles vous permettent de définir un nouveau mot de passe si vous avez oublié le vôtre.</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Heure</translation>
        </message>
        <message>
            <source>Time format</source>
            <translation>Format d'heure</translation>
        </message>
        <message>
            <source>Time zone</source>
            <translation>Fuseau horaire</translation>
        </message>
        <message>
            <source>To</source>
            <translation>Au</translation>
        </message>
        <message>
            <source>Traffic of {name} (in: blue, out: amber), last five minutes</source>
            <translation>Trafic de {name} (entrant : bleu, sortant : ambre), cinq dernières minutes</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>UTC{sign}{hours:02d}:{minutes:02d} now; daylight saving time follows the zone</source>
            <translation>UTC{sign}{hours:02d}:{minutes:02d} actuellement ; l'heure d'été suit le fuseau</translation>
        </message>
        <message>
            <source>Unavailable</source>
            <translation>Indisponible</translation>
        </message>
        <message>
            <source>Undo changes</source>
            <translation>Annuler les modifications</translation>
        </message>
        <message>
            <source>Unknown</source>
            <translation>Inconnu</translation>
        </message>
        <message>
            <source>Upgrade</source>
            <translation>Mise à jour</translation>
        </message>
        <message>
            <source>Upload a bundle</source>
            <translation>Envoyer un paquet de mise à jour</translation>
        </message>
        <message>
            <source>Upload an upgrade bundle</source>
            <translation>Envoyer un paquet de mise à jour</translation>
        </message>
        <message>
            <source>Uploading and checking…</source>
            <translation>Envoi et vérification…</translation>
        </message>
        <message>
            <source>User</source>
            <translation>Utilisateur</translation>
        </message>
        <message>
            <source>User {name}</source>
            <translation>Utilisateur {name}</translation>
        </message>
        <message>
            <source>User {name} added</source>
            <translation>Utilisateur {name} ajouté</translation>
        </message>
        <message>
            <source>User {name} deleted</source>
            <translation>Utilisateur {name} supprimé</translation>
        </message>
        <message>
            <source>User {name} disabled; signed out</source>
            <translation>Utilisateur {name} désactivé ; déconnecté</translation>
        </message>
        <message>
            <source>User {name} enabled</source>
            <translation>Utilisateur {name} activé</translation>
        </message>
        <message>
            <source>User {name} saved</source>
            <translation>Utilisateur {name} enregistré</translation>
        </message>
        <message>
            <source>Users</source>
            <translation>Utilisateurs</translation>
        </message>
        <message>
            <source>Vedette configuration (*.vcfg)</source>
            <translation>Configuration Vedette (*.vcfg)</translation>
        </message>
        <message>
            <source>Vedette configuration (*.vcfg);;Any file (*)</source>
            <translation>Configuration Vedette (*.vcfg);;Tout fichier (*)</translation>
        </message>
        <message>
            <source>Vedette upgrade bundle (*.vup);;Any file (*)</source>
            <translation>Paquet de mise à jour Vedette (*.vup);;Tous les fichiers (*)</translation>
        </message>
        <message>
            <source>Version</source>
            <translation>Version</translation>
        </message>
        <message>
            <source>Version {version} installed</source>
            <translation>Version {version} installée</translation>
        </message>
        <message>
            <source>Version {version} verified; waiting for the machine to install it</source>
            <translation>Version {version} vérifiée ; en attente de son installation par la machine</translation>
        </message>
        <message>
            <source>Volume {path} added: {state}. Initialise it to record on it.</source>
            <translation>Volume {path} ajouté : {state}. Initialisez-le pour y enregistrer.</translation>
        </message>
        <message>
            <source>Volume {path} removed</source>
            <translation>Volume {path} retiré</translation>
        </message>
        <message>
            <source>Volumes</source>
            <translation>Volumes</translation>
        </message>
        <message>
            <source>When full</source>
            <translation>Quand plein</translation>
        </message>
        <message>
            <source>Where</source>
            <translation>Depuis</translation>
        </message>
        <message>
            <source>Yes</source>
            <translation>Oui</translation>
        </message>
        <message>
            <source>You have no right to see or change any settings.</source>
            <translation>Vous n'avez le droit de voir ni de modifier aucun paramètre.</translation>
        </message>
        <message>
            <source>You have no right to see the disk groups.</source>
            <translation>Vous n'avez pas le droit de voir les groupes de disques.</translation>
        </message>
        <message>
            <source>You have no right to see the volumes.</source>
            <translation>Vous n'avez pas le droit de voir les volumes.</translation>
        </message>
        <message>
            <source>You logged out.</source>
            <translation>Vous êtes déconnecté.</translation>
        </message>
        <message>
            <source>Your password is changed; your other sessions have ended</source>
            <translation>Votre mot de passe est changé ; vos autres sessions sont terminées</translation>
        </message>
        <message>
            <source>Your recovery questions are saved</source>
            <translation>Vos questions de récupération sont enregistrées</translation>
        </message>
        <message>
            <source>Your rights could not be read: {reason}</source>
            <translation>Impossible de lire vos droits : {reason}</translation>
        </message>
        <message>
            <source>a remote client</source>
            <translation>un client distant</translation>
        </message>
        <message>
            <source>add</source>
            <translation>ajout</translation>
        </message>
        <message>
            <source>at once</source>
            <translation>immédiatement</translation>
        </message>
        <message>
            <source>built-in</source>
            <translation>intégré</translation>
        </message>
        <message>
            <source>built-in, every right</source>
            <translation>intégré, tous droits</translation>
        </message>
        <message>
            <source>cable connected</source>
            <translation>câble branché</translation>
        </message>
        <message>
            <source>camera #{id}</source>
            <translation>caméra n° {id}</translation>
        </message>
        <message>
            <source>change</source>
            <translation>modification</translation>
        </message>
        <message>
            <source>custom</source>
            <translation>personnalisé</translation>
        </message>
        <message>
            <source>days at</source>
            <translation>jours à</translation>
        </message>
        <message>
            <source>default for its rights</source>
            <translation>par défaut selon ses droits</translation>
        </message>
        <message>
            <source>disable</source>
            <translation>désactivation</translation>
        </message>
        <message>
            <source>disabled</source>
            <translation>désactivé</translation>
        </message>
        <message>
            <source>down</source>
            <translation>inactive</translation>
        </message>
        <message>
            <source>enabled</source>
            <translation>activé</translation>
        </message>
        <message>
            <source>every right</source>
            <translation>tous les droits</translation>
        </message>
        <message>
            <source>in disk group</source>
            <translation>dans le groupe de disques</translation>
        </message>
        <message>
            <source>letters, digits, . _ - @</source>
            <translation>lettres, chiffres, . _ - @</translation>
        </message>
        <message>
            <source>local</source>
            <translation>local</translation>
        </message>
        <message>
            <source>no address</source>
            <translation>aucune adresse</translation>
        </message>
        <message>
            <source>no link</source>
            <translation>pas de liaison</translation>
        </message>
        <message>
            <source>none</source>
            <translation>aucun</translation>
        </message>
        <message>
            <source>none; or aa:bb:cc:dd:ee:ff to sign in from</source>
            <translation>aucune ; ou aa:bb:cc:dd:ee:ff depuis laquelle se connecter</translation>
        </message>
        <message>
            <source>remote</source>
            <translation>distant</translation>
        </message>
        <message>
            <source>remove</source>
            <translation>suppression</translation>
        </message>
        <message>
            <source>set by the machine's configuration</source>
            <translation>réglée par la configuration de la machine</translation>
        </message>
        <message>
            <source>set here</source>
            <translation>réglée ici</translation>
        </message>
        <message>
            <source>the group's</source>
            <translation>ceux du groupe</translation>
        </message>
        <message>
            <source>this appliance</source>
            <translation>cet enregistreur</translation>
        </message>
        <message>
            <source>unknown</source>
            <translation>inconnu</translation>
        </message>
        <message>
            <source>up</source>
            <translation>active</translation>
        </message>
        <message>
            <source>{0}, {1} °C</source>
            <translation>{0}, {1} °C</translation>
        </message>
        <message>
            <source>{address} is the network's own address or its broadcast address</source>
            <translation>{address} est l'adresse du réseau lui-même ou son adresse de diffusion</translation>
        </message>
        <message>
            <source>{cameras}: {online} online, {recording} recording</source>
            <translation>{cameras} : {online} en ligne, {recording} en enregistrement</translation>
        </message>
        <message numerus="yes">
            <source>{count} cameras</source>
            <extracomment>Singular: {count} camera</extracomment>
            <translation>
                <numerusform>{count} caméra</numerusform>
                <numerusform>{count} caméras</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{count} cameras shown while logged out</source>
            <extracomment>Singular: {count} camera shown while logged out</extracomment>
            <translation>
                <numerusform>{count} caméra affichée hors connexion</numerusform>
                <numerusform>{count} caméras affichées hors connexion</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{count} changes</source>
            <extracomment>Singular: {count} change</extracomment>
            <translation>
                <numerusform>{count} modification</numerusform>
                <numerusform>{count} modifications</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{count} days</source>
            <extracomment>Singular: {count} day</extracomment>
            <translation>
                <numerusform>{count} jour</numerusform>
                <numerusform>{count} jours</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{count} entries</source>
            <extracomment>Singular: {count} entry</extracomment>
            <translation>
                <numerusform>{count} entrée</numerusform>
                <numerusform>{count} entrées</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{count} open sessions</source>
            <extracomment>Singular: {count} open session</extracomment>
            <translation>
                <numerusform>{count} session ouverte</numerusform>
                <numerusform>{count} sessions ouvertes</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{count} users</source>
            <extracomment>Singular: {count} user</extracomment>
            <translation>
                <numerusform>{count} utilisateur</numerusform>
                <numerusform>{count} utilisateurs</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{count} volumes</source>
            <extracomment>Singular: {count} volume</extracomment>
            <translation>
                <numerusform>{count} volume</numerusform>
                <numerusform>{count} volumes</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{count} volumes initialised</source>
            <extracomment>Singular: {count} volume initialised</extracomment>
            <translation>
                <numerusform>{count} volume initialisé</numerusform>
                <numerusform>{count} volumes initialisés</numerusform>
            </translation>
        </message>
        <message>
            <source>{days} days</source>
            <translation>{days} jours</translation>
        </message>
        <message>
            <source>{interface} now has {address}</source>
            <translation>{interface} a maintenant {address}</translation>
        </message>
        <message>
            <source>{mbps} Mbit/s</source>
            <translation>{mbps} Mbit/s</translation>
        </message>
        <message>
            <source>{name} (number {number})</source>
            <translation>{name} (numéro {number})</translation>
        </message>
        <message>
            <source>{name} (you)</source>
            <translation>{name} (vous)</translation>
        </message>
        <message>
            <source>{path} is in disk group {group}</source>
            <translation>{path} est dans le groupe de disques {group}</translation>
        </message>
        <message>
            <source>{state}, protected</source>
            <translation>{state}, protégé</translation>
        </message>
        <message>
            <source>{value} GB</source>
            <translation>{value} Go</translation>
        </message>
        <message>
            <source>{value} MB</source>
            <translation>{value} Mo</translation>
        </message>
        <message>
            <source>{value} Mbit/s</source>
            <translation>{value} Mbit/s</translation>
        </message>
        <message>
            <source>{value} TB</source>
            <translation>{value} To</translation>
        </message>
        <message>
            <source>{value} is not an IPv4 address</source>
            <translation>{value} n'est pas une adresse IPv4</translation>
        </message>
        <message>
            <source>{value} is not between 0 and {maximum}</source>
            <translation>{value} n'est pas compris entre 0 et {maximum}</translation>
        </message>
        <message>
            <source>{value} kbit/s</source>
            <translation>{value} kbit/s</translation>
        </message>
        <message>
            <source>{volumes}: {free:.1f} GB free of {capacity:.1f} GB</source>
            <translation>{volumes} : {free:.1f} Go libres sur {capacity:.1f} Go</translation>
        </message>
        <message>
            <source>“{text}” is not a number</source>
            <translation>« {text} » n'est pas un nombre</translation>
        </message>
    </context>
</TS>
