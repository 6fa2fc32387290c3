; Kyso — Inno Setup 6 script for a per-machine Windows install.
;
; Build (after the bundle: pyinstaller ... installers\kyso.spec -> build\dist\kyso\):
;   ISCC.exe /DAppVersion=0.1.0 installers\windows\kyso.iss
;   -> build\installer\kyso-0.1.0-setup.exe
; The version comes from pyproject.toml (installers\pyproject_info.py version), as for the .deb.
;
; Mass deployment (GPO startup script, SCCM/Intune Win32 app), as an administrator:
;   kyso-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /SP- /LOG="%TEMP%\kyso-setup.log"
;   optional: /DIR="D:\Apps\Kyso"   /TASKS="desktopicon"   /NOICONS (no Start-menu entry)
;             /SETTINGS="\\server\share\kyso.toml"  (copied to %ProgramData%\Kyso\kyso.toml,
;             replacing the one there: IT's file is the per-machine settings file)
; Upgrade in place: run the newer setup the same way; the AppId below never changes, so it
; replaces the program and keeps %ProgramData%\Kyso\kyso.toml and every user's settings and data.
; Uninstall:
;   "C:\Program Files\Kyso\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
; Exit code 0 = success (see the Inno Setup docs, "Setup Exit Codes").
;
; Installs {autopf}\Kyso (Program Files), a Start-menu entry, "Ký số với Kyso" in the
; context menu of .pdf files (HKLM\Software\Classes\SystemFileAssociations\.pdf\shell\KysoSign),
; and %ProgramData%\Kyso\kyso.toml (all settings commented out) only if IT has not put one
; there; and the bridge's start at login (HKLM\...\CurrentVersion\Run "KysoBridge":
; kyso-desktop.exe --background, which exits at once on machines where IT has not enabled the
; bridge). The signing bridge's certificates are each user's own, made at that user's first
; start (no machine key); kyso bridge setup --machine only removes an older version's shared
; key and CA. Uninstall removes the program, the menu entries, the registry keys and any such
; older shared certificate; it leaves %ProgramData%\Kyso\kyso.toml (IT's file) and each
; user's own settings (and each user's own bridge CA in that user's root store: see
; installers/README-IT.md).

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\..\build\dist\kyso"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\pyi\kyso\generated\icons\kyso.ico"
#endif

[Setup]
AppId={{8C04D11D-BC7F-444C-A7A6-DDD908A62D60}
AppName=Kyso
AppVersion={#AppVersion}
AppVerName=Kyso {#AppVersion}
AppPublisher=Kyso
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\Kyso
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\build\installer
OutputBaseFilename=kyso-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\kyso-desktop.exe
UninstallDisplayName=Kyso {#AppVersion}
ChangesAssociations=yes
CloseApplications=yes
#ifexist IconFile
SetupIconFile={#IconFile}
#endif

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\kyso.toml.sample"; DestDir: "{commonappdata}\Kyso"; Flags: ignoreversion
Source: "..\kyso.toml.sample"; DestDir: "{commonappdata}\Kyso"; DestName: "kyso.toml"; Flags: onlyifdoesntexist uninsneveruninstall; Check: not SettingsGiven
; /SETTINGS=<file>: IT's per-machine settings, copied from where the deployment keeps it.
Source: "{param:SETTINGS}"; DestDir: "{commonappdata}\Kyso"; DestName: "kyso.toml"; Flags: external ignoreversion uninsneveruninstall; Check: SettingsGiven
Source: "..\README-IT.md"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\Kyso"; Filename: "{app}\kyso-desktop.exe"; Comment: "Ký số và kiểm tra chữ ký số"
Name: "{autodesktop}\Kyso"; Filename: "{app}\kyso-desktop.exe"; Tasks: desktopicon

[Registry]
; "Ký số với Kyso" on every .pdf, whatever program opens PDFs.
Root: HKLM; Subkey: "Software\Classes\SystemFileAssociations\.pdf\shell\KysoSign"; ValueType: string; ValueName: ""; ValueData: "Ký số với Kyso"; Flags: uninsdeletekey
Root: HKLM; Subkey: "Software\Classes\SystemFileAssociations\.pdf\shell\KysoSign"; ValueType: string; ValueName: "Icon"; ValueData: """{app}\kyso-desktop.exe"",0"
Root: HKLM; Subkey: "Software\Classes\SystemFileAssociations\.pdf\shell\KysoSign\command"; ValueType: string; ValueName: ""; ValueData: """{app}\kyso-desktop.exe"" --sign ""%1"""
; "Open with" lists Kyso for PDFs (it does not take over the default PDF viewer).
Root: HKLM; Subkey: "Software\Classes\Applications\kyso-desktop.exe"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "Kyso"; Flags: uninsdeletekey
Root: HKLM; Subkey: "Software\Classes\Applications\kyso-desktop.exe\SupportedTypes"; ValueType: string; ValueName: ".pdf"; ValueData: ""
Root: HKLM; Subkey: "Software\Classes\Applications\kyso-desktop.exe\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\kyso-desktop.exe"" ""%1"""
Root: HKLM; Subkey: "Software\Classes\.pdf\OpenWithList\kyso-desktop.exe"; Flags: uninsdeletekey
; At every user's login: the signing bridge in the background (tray icon only). It exits at
; once unless IT's kyso.toml enables the bridge ([bridge]), so it is always there and the
; [bridge] table stays the one switch; uninstall deletes the value.
Root: HKLM; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; ValueName: "KysoBridge"; ValueData: """{app}\kyso-desktop.exe"" --background"; Flags: uninsdeletevalue

[Run]
; The local signing bridge (issue 18): no key is made for the machine — each user's first
; start makes that user's own CA and key (the user's profile) and Windows asks the user to
; trust it in the user's root store. This removes what an older version made for the whole
; machine (%ProgramData%\Kyso\bridge with a key every user could read, its CA in the
; machine's root store), so the vulnerable shared key does not outlive an upgrade. Runs
; after [Files]; a failure leaves Kyso installed (IT can run the same command).
Filename: "{app}\kyso.exe"; Parameters: "bridge setup --machine --if-enabled"; StatusMsg: "Kyso: chứng thư TLS cục bộ cho cổng ký số…"; Flags: runhidden waituntilterminated
Filename: "{app}\kyso-desktop.exe"; Description: "{cm:LaunchProgram,Kyso}"; Flags: nowait postinstall skipifsilent

[UninstallRun]
; Removes an older version's shared bridge CA (machine's root store) and %ProgramData%\Kyso\bridge.
; Each user's own CA in that user's root store cannot be reached from here (README-IT).
Filename: "{app}\kyso.exe"; Parameters: "bridge remove --machine"; RunOnceId: "KysoBridgeRemove"; Flags: runhidden waituntilterminated

[Code]
function SettingsGiven(): Boolean;
begin
  Result := ExpandConstant('{param:SETTINGS|}') <> '';
end;
