# Builds the Vedette console for Windows: a virtual environment, Vedette and
# PyInstaller installed in it, the one-folder build from the shared spec
# (installers/pyinstaller/vedette-console.spec), then the Inno Setup installer.
# NOT run by the project's CI (no Windows machine): installers/ci/desktop-installers.yml
# is the reference workflow for a windows-latest runner.
#
#   powershell -ExecutionPolicy Bypass -File installers\windows\build.ps1 [-Version 0.1.0] [-NoInstaller]
#
# Needs Python 3.11 (py launcher) and, for the installer, Inno Setup 6 (iscc.exe on PATH
# or in its default folder). Signing is a separate step: SIGNING.md.
param(
    [string]$Version = "",
    [switch]$NoInstaller
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

$Repo = (Resolve-Path "$PSScriptRoot\..\..").Path
Set-Location $Repo
$Venv = Join-Path $Repo ".venv-win"

function Invoke-Checked([string]$Exe, [string[]]$Arguments) {
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe $($Arguments -join ' ') failed ($LASTEXITCODE)" }
}

if (-not (Test-Path "$Venv\Scripts\python.exe")) {
    Invoke-Checked "py" @("-3.11", "-m", "venv", $Venv)
}
$Python = "$Venv\Scripts\python.exe"
Invoke-Checked $Python @("-m", "pip", "install", "--upgrade", "pip")
# The test extra carries PyInstaller and its hooks (the same pins as on Linux).
Invoke-Checked $Python @("-m", "pip", "install", "-e", ".[test]")

# The console's .qm translations (make setup does this on Linux).
Get-ChildItem "console\vedette_console\i18n\vedette_*.ts" | ForEach-Object {
    $qm = [System.IO.Path]::ChangeExtension($_.FullName, ".qm")
    Invoke-Checked "$Venv\Scripts\pyside6-lrelease.exe" @("-silent", $_.FullName, "-qm", $qm)
}

Invoke-Checked $Python @(
    "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
    "--distpath", "dist", "--workpath", "build\pyinstaller",
    "installers\pyinstaller\vedette-console.spec"
)
# The frozen console starts and draws its window with the sign-in dialog (no server
# needed for this check); the frozen CLI answers.
$env:QT_QPA_PLATFORM = "offscreen"
Invoke-Checked "dist\vedette-console\vedette-console.exe" @(
    "--lang", "fr", "--screenshot", "build\frozen-console.png", "--after", "5"
)
Invoke-Checked "dist\vedette-console\vedette.exe" @("--help")
Remove-Item Env:\QT_QPA_PLATFORM

if ($NoInstaller) { return }
if (-not $Version) {
    $Version = (& $Python -c "import importlib.metadata as m; print(m.version('vedette'))").Trim()
}
$Iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $Iscc) { $Iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
if (-not (Test-Path $Iscc)) { throw "Inno Setup 6 (ISCC.exe) not found: choco install innosetup" }
Invoke-Checked $Iscc @("/DAppVersion=$Version", "/DRepo=$Repo", "installers\windows\vedette-console.iss")
Write-Host "installer: dist\vedette-console-$Version-setup.exe"
