; Inno Setup 6 script: installs the one-folder console build (dist\vedette-console,
; from installers\pyinstaller\vedette-console.spec) for every user of the machine.
; Built by installers\windows\build.ps1 on a Windows machine; NOT built or tested by the
; project's CI. Signing: SIGNING.md (SignTool below is used only when defined).
;
;   iscc /DAppVersion=0.1.0 /DRepo=C:\src\vedette installers\windows\vedette-console.iss

#ifndef AppVersion
  #error Pass /DAppVersion=X.Y.Z
#endif
#ifndef Repo
  #define Repo "..\.."
#endif

[Setup]
; A fixed AppId: upgrades replace the previous version in place.
AppId={{6F1C2D9E-4B7A-4E0C-9A51-3C8E2F7B1D40}
AppName=Vedette Console
AppVersion={#AppVersion}
AppPublisher=Vedette
DefaultDirName={autopf}\Vedette Console
DefaultGroupName=Vedette
; Per machine: Program Files and the all-users Start menu (needs elevation).
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Repo}\dist
OutputBaseFilename=vedette-console-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; The project's licence is shown; the LGPL and GPL texts of Qt are installed with it.
LicenseFile={#Repo}\LICENSE
UninstallDisplayIcon={app}\vedette-console.exe
UninstallDisplayName=Vedette Console {#AppVersion}
CloseApplications=yes
#ifdef SignTool
SignTool={#SignTool}
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[Files]
; The whole folder: Qt stays as separate DLLs (LGPL: the user can replace them).
Source: "{#Repo}\dist\vedette-console\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; Licence texts, also at the top of the install folder where people look for them.
Source: "{#Repo}\LICENSE"; DestDir: "{app}\licenses"; Flags: ignoreversion
Source: "{#Repo}\THIRD_PARTY_NOTICES.md"; DestDir: "{app}\licenses"; Flags: ignoreversion
Source: "{#Repo}\installers\pyinstaller\licenses\LGPL-3.0.txt"; DestDir: "{app}\licenses"; Flags: ignoreversion
Source: "{#Repo}\installers\pyinstaller\licenses\GPL-3.0.txt"; DestDir: "{app}\licenses"; Flags: ignoreversion

[Icons]
Name: "{group}\Vedette Console"; Filename: "{app}\vedette-console.exe"
Name: "{group}\Licences"; Filename: "{app}\licenses"
Name: "{group}\Uninstall Vedette Console"; Filename: "{uninstallexe}"

[Run]
Filename: "{app}\vedette-console.exe"; Description: "{cm:LaunchProgram,Vedette Console}"; Flags: nowait postinstall skipifsilent
