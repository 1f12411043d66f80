; Inno Setup script: Cordon's Windows installer, from the one-folder build.
;
;   python packaging\make_icons.py
;   pyinstaller --noconfirm --distpath packaging\out\dist --workpath .cache\pyinstaller packaging\cordon.spec
;   iscc /DVersion=0.1.0 packaging\windows\cordon.iss
;
; Installs per machine into Program Files (a managed desktop's software deployment
; runs it with /VERYSILENT /NORESTART /ALLUSERS), with a Start menu shortcut to
; cordonw.exe (the window, no console) and cordon.exe on no PATH (the command line is
; for the audit lead: "C:\Program Files\Cordon\cordon.exe" audit verify ...).
; Each officer's stores, settings and logs are in their own %LOCALAPPDATA%\cordon.
; Not built or run on the machine this was written on: see the README.

#ifndef Version
  #define Version "0.1.0"
#endif

[Setup]
AppId={{5C0F3D0E-7C47-4C52-9D0B-2B7E0C1D4A11}
AppName=Cordon
AppVersion={#Version}
AppPublisher=Cordon
AppComments=Incident communications console for UK police, fire, ambulance and council comms teams
DefaultDirName={autopf}\Cordon
DefaultGroupName=Cordon
DisableProgramGroupPage=yes
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=commandline dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\out
OutputBaseFilename=cordon-{#Version}-setup
SetupIconFile=..\out\icons\cordon.ico
UninstallDisplayIcon={app}\cordonw.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; Cordon holds a store open: close it before an upgrade replaces its files.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
; Inno Setup ships no Welsh messages file (Welsh.isl is an unofficial translation):
; add it here once one is checked and kept in packaging/windows/.

[Files]
Source: "..\out\dist\cordon\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Cordon"; Filename: "{app}\cordonw.exe"; IconFilename: "{app}\cordonw.exe"
Name: "{autodesktop}\Cordon"; Filename: "{app}\cordonw.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Run]
Filename: "{app}\cordonw.exe"; Description: "{cm:LaunchProgram,Cordon}"; Flags: nowait postinstall skipifsilent
