<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="cy_GB">
<context>
    <name>AmendDialog</name>
    <message>
        <source>&amp;English</source>
        <translation>&amp;Saesneg</translation>
    </message>
    <message>
        <source>&amp;Text</source>
        <translation>&amp;Testun</translation>
    </message>
    <message>
        <source>&amp;Welsh</source>
        <translation>&amp;Cymraeg</translation>
    </message>
    <message>
        <source>Amend</source>
        <translation>Diwygio</translation>
    </message>
    <message>
        <source>Amend the held post on {c}</source>
        <translation>Diwygio&apos;r neges sydd wedi&apos;i hatal ar {c}</translation>
    </message>
    <message>
        <source>English text</source>
        <translation>Testun Saesneg</translation>
    </message>
    <message>
        <source>The words on the post now:</source>
        <translation>Y geiriau ar y neges nawr:</translation>
    </message>
    <message>
        <source>Two linked posts: the English goes out first, then the Welsh.</source>
        <translation>Dwy neges gysylltiedig: mae&apos;r Saesneg yn mynd allan yn gyntaf, yna&apos;r Gymraeg.</translation>
    </message>
    <message>
        <source>Two linked posts: the Welsh goes out first, then the English.</source>
        <translation>Dwy neges gysylltiedig: mae&apos;r Gymraeg yn mynd allan yn gyntaf, yna&apos;r Saesneg.</translation>
    </message>
    <message>
        <source>Welsh text</source>
        <translation>Testun Cymraeg</translation>
    </message>
    <message>
        <source>Wh&amp;y</source>
        <translation>&amp;Pam</translation>
    </message>
    <message>
        <source>Why the words change (it goes in the audit trail)</source>
        <translation>Pam mae&apos;r geiriau&apos;n newid (mae&apos;n mynd i&apos;r trywydd archwilio)</translation>
    </message>
    <message>
        <source>{used} of {limit} {unit}</source>
        <translation>{used} o {limit} {unit}</translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <source> Keep the engine publishing after Cordon closes? It runs in the background on this computer until an officer stops it, and the next window on this store attaches to it. If it stops, nothing more is published or synced.</source>
        <translation> Cadw&apos;r peiriant yn cyhoeddi ar ôl i Cordon gau? Mae&apos;n rhedeg yn y cefndir ar y cyfrifiadur hwn nes i swyddog ei atal, ac mae&apos;r ffenestr nesaf ar y storfa hon yn cysylltu ag ef. Os bydd yn stopio, ni chaiff dim mwy ei gyhoeddi na&apos;i gysoni.</translation>
    </message>
    <message>
        <source>Cordon</source>
        <translation>Cordon</translation>
    </message>
    <message>
        <source>Keep it publishing</source>
        <translation>Ei gadw&apos;n cyhoeddi</translation>
    </message>
    <message>
        <source>Keep publishing and quit</source>
        <translation>Dal ati i gyhoeddi a gadael</translation>
    </message>
    <message>
        <source>Preparing the demo exercise store…</source>
        <translation>Yn paratoi&apos;r storfa ymarfer enghreifftiol…</translation>
    </message>
    <message>
        <source>Quit Cordon</source>
        <translation>Gadael Cordon</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Allgofnodi</translation>
    </message>
    <message>
        <source>Sign out during an incident</source>
        <translation>Allgofnodi yn ystod digwyddiad</translation>
    </message>
    <message>
        <source>Stay signed in</source>
        <translation>Aros wedi mewngofnodi</translation>
    </message>
    <message>
        <source>Stop publishing</source>
        <translation>Stopio cyhoeddi</translation>
    </message>
    <message>
        <source>Stop publishing and quit</source>
        <translation>Stopio cyhoeddi a gadael</translation>
    </message>
    <message>
        <source>The engine is not publishing now: {what}</source>
        <translation>Nid yw&apos;r peiriant yn cyhoeddi nawr: {what}</translation>
    </message>
    <message>
        <source>The engine is not running now ({what}), and nobody starts it again until an officer signs in.</source>
        <translation>Nid yw&apos;r peiriant yn rhedeg nawr ({what}), ac nid oes neb yn ei gychwyn eto nes i swyddog fewngofnodi.</translation>
    </message>
    <message>
        <source>The engine keeps publishing and syncing after you sign out, and the next officer signs in here.</source>
        <translation>Mae&apos;r peiriant yn dal ati i gyhoeddi a chysoni ar ôl i chi allgofnodi, ac mae&apos;r swyddog nesaf yn mewngofnodi yma.</translation>
    </message>
    <message>
        <source>The engine this window started is still publishing and syncing. Keep it running after Cordon closes? The next window on its store attaches to it.</source>
        <translation>Mae&apos;r peiriant a gychwynnodd y ffenestr hon yn dal i gyhoeddi a chysoni. Ei gadw&apos;n rhedeg ar ôl i Cordon gau? Mae&apos;r ffenestr nesaf ar ei storfa yn cysylltu ag ef.</translation>
    </message>
    <message>
        <source>{name} is engaged.</source>
        <translation>Mae {name} wedi&apos;i gychwyn.</translation>
    </message>
    <message>
        <source>{name} is engaged. {behind} Sign out?</source>
        <translation>Mae {name} wedi&apos;i gychwyn. {behind} Allgofnodi?</translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <source>&amp;Give it to</source>
        <translation>&amp;Ei roi i</translation>
    </message>
    <message>
        <source>&amp;Why</source>
        <translation>&amp;Pam</translation>
    </message>
    <message>
        <source>Assign the conversation</source>
        <translation>Neilltuo&apos;r sgwrs</translation>
    </message>
    <message>
        <source>Officer: {who}</source>
        <translation>Swyddog: {who}</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Dewisol</translation>
    </message>
    <message>
        <source>Team: {team}</source>
        <translation>Tîm: {team}</translation>
    </message>
    <message>
        <source>Why (needed when taking it from {who})</source>
        <translation>Pam (angen wrth ei gymryd oddi wrth {who})</translation>
    </message>
</context>
<context>
    <name>AuditTableModel</name>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Gweithred</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Categori</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Manylion</translation>
    </message>
    <message>
        <source>Hash</source>
        <translation>Hash</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>Swyddog</translation>
    </message>
    <message>
        <source>On</source>
        <translation>Ar</translation>
    </message>
    <message>
        <source>Time (UK)</source>
        <translation>Amser (y DU)</translation>
    </message>
    <message>
        <source>Why / to whom</source>
        <translation>Pam / i bwy</translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message numerus="yes">
        <source>%Ln entry(s)</source>
        <translation>
            <numerusform>%Ln cofnod</numerusform>
            <numerusform>%Ln cofnod</numerusform>
            <numerusform>%Ln cofnod</numerusform>
            <numerusform>%Ln cofnod</numerusform>
            <numerusform>%Ln cofnod</numerusform>
        </translation>
    </message>
    <message>
        <source>%v of %m entries</source>
        <translation>%v o %m cofnod</translation>
    </message>
    <message>
        <source>&amp;Action</source>
        <translation>&amp;Gweithred</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Allforio…</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>&amp;O</translation>
    </message>
    <message>
        <source>&amp;Officer</source>
        <translation>&amp;Swyddog</translation>
    </message>
    <message>
        <source>&amp;Save checkpoint…</source>
        <translation>&amp;Cadw pwynt gwirio…</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>&amp;I</translation>
    </message>
    <message>
        <source>&amp;Verify chain</source>
        <translation>&amp;Dilysu&apos;r gadwyn</translation>
    </message>
    <message>
        <source>After: {json}</source>
        <translation>Ar ôl: {json}</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>Pob gweithred</translation>
    </message>
    <message>
        <source>All officers</source>
        <translation>Pob swyddog</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>Trywydd archwilio</translation>
    </message>
    <message>
        <source>Before: {json}</source>
        <translation>Cyn: {json}</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>C&amp;lirio</translation>
    </message>
    <message>
        <source>CSV (*.csv);;JSON lines (*.jsonl)</source>
        <translation>CSV (*.csv);;Llinellau JSON (*.jsonl)</translation>
    </message>
    <message>
        <source>Checkpoint saved to {file}: entry #{seq}. Keep it off this machine.</source>
        <translation>Cadwyd y pwynt gwirio yn {file}: cofnod #{seq}. Cadwch ef oddi ar y peiriant hwn.</translation>
    </message>
    <message>
        <source>Copy newest hash</source>
        <translation>Copïo&apos;r hash diweddaraf</translation>
    </message>
    <message>
        <source>Cordon checkpoints (*.json)</source>
        <translation>Pwyntiau gwirio Cordon (*.json)</translation>
    </message>
    <message>
        <source>Cordon checkpoints (*.json);;All files (*)</source>
        <translation>Pwyntiau gwirio Cordon (*.json);;Pob ffeil (*)</translation>
    </message>
    <message>
        <source>Entry #{seq}   {when}   ({utc} UTC)</source>
        <translation>Cofnod #{seq}   {when}   ({utc} UTC)</translation>
    </message>
    <message>
        <source>Export failed: {s}</source>
        <translation>Methodd yr allforio: {s}</translation>
    </message>
    <message>
        <source>Export the audit trail</source>
        <translation>Allforio&apos;r trywydd archwilio</translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln entry(s) to {file}; checkpoint #{seq} beside it.</source>
        <translation>
            <numerusform>Allforiwyd %Ln cofnod i {file}; pwynt gwirio #{seq} wrth ei ochr.</numerusform>
            <numerusform>Allforiwyd %Ln cofnod i {file}; pwynt gwirio #{seq} wrth ei ochr.</numerusform>
            <numerusform>Allforiwyd %Ln cofnod i {file}; pwynt gwirio #{seq} wrth ei ochr.</numerusform>
            <numerusform>Allforiwyd %Ln cofnod i {file}; pwynt gwirio #{seq} wrth ei ochr.</numerusform>
            <numerusform>Allforiwyd %Ln cofnod i {file}; pwynt gwirio #{seq} wrth ei ochr.</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting the audit trail</source>
        <translation>Yn allforio&apos;r trywydd archwilio</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Yn allforio…</translation>
    </message>
    <message>
        <source>Hash:          {hash}</source>
        <translation>Hash:          {hash}</translation>
    </message>
    <message>
        <source>Intact. Checking the rows against the trail…</source>
        <translation>Cyfan. Yn gwirio&apos;r rhesi yn erbyn y trywydd…</translation>
    </message>
    <message numerus="yes">
        <source>Intact: %Ln entry(s), newest hash {h}.</source>
        <translation>
            <numerusform>Cyfan: %Ln cofnod, yr hash diweddaraf {h}.</numerusform>
            <numerusform>Cyfan: %Ln cofnod, yr hash diweddaraf {h}.</numerusform>
            <numerusform>Cyfan: %Ln cofnod, yr hash diweddaraf {h}.</numerusform>
            <numerusform>Cyfan: %Ln cofnod, yr hash diweddaraf {h}.</numerusform>
            <numerusform>Cyfan: %Ln cofnod, yr hash diweddaraf {h}.</numerusform>
        </translation>
    </message>
    <message>
        <source>It matches the checkpoint (entry #{n}).</source>
        <translation>Mae&apos;n cyfateb i&apos;r pwynt gwirio (cofnod #{n}).</translation>
    </message>
    <message>
        <source>NOT intact. {sentence}</source>
        <translation>DDIM yn gyfan. {sentence}</translation>
    </message>
    <message>
        <source>Newest hash copied: {h}</source>
        <translation>Copïwyd yr hash diweddaraf: {h}</translation>
    </message>
    <message>
        <source>No entries: From is after To</source>
        <translation>Dim cofnodion: mae O ar ôl I</translation>
    </message>
    <message>
        <source>Not verified in this session</source>
        <translation>Heb ei ddilysu yn y sesiwn hon</translation>
    </message>
    <message>
        <source>Officer: {actor}    Action: {action}    Category: {category}</source>
        <translation>Swyddog: {actor}    Gweithred: {action}    Categori: {category}</translation>
    </message>
    <message>
        <source>On: {type} {id}</source>
        <translation>Ar: {type} {id}</translation>
    </message>
    <message>
        <source>Previous hash: {hash}</source>
        <translation>Hash blaenorol: {hash}</translation>
    </message>
    <message>
        <source>Save the audit checkpoint</source>
        <translation>Cadw&apos;r pwynt gwirio archwilio</translation>
    </message>
    <message>
        <source>Select an entry to see it in full.</source>
        <translation>Dewiswch gofnod i&apos;w weld yn llawn.</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stopio</translation>
    </message>
    <message>
        <source>To whom: {whom}</source>
        <translation>I bwy: {whom}</translation>
    </message>
    <message>
        <source>UK time ({zone})</source>
        <translation>Amser y DU ({zone})</translation>
    </message>
    <message>
        <source>Verification stopped before the end: nothing was concluded.</source>
        <translation>Stopiodd y dilysu cyn y diwedd: ni ddaethpwyd i unrhyw gasgliad.</translation>
    </message>
    <message>
        <source>Verify against a checkpoint</source>
        <translation>Dilysu yn erbyn pwynt gwirio</translation>
    </message>
    <message>
        <source>Verify against c&amp;heckpoint…</source>
        <translation>Dilysu yn erbyn &amp;pwynt gwirio…</translation>
    </message>
    <message>
        <source>Verifying the chain…</source>
        <translation>Yn dilysu&apos;r gadwyn…</translation>
    </message>
    <message>
        <source>Why, in your language: {why}</source>
        <translation>Pam, yn eich iaith: {why}</translation>
    </message>
    <message>
        <source>Why: {why}</source>
        <translation>Pam: {why}</translation>
    </message>
</context>
<context>
    <name>AuthorView</name>
    <message numerus="yes">
        <source>%n item(s): {kinds}.</source>
        <translation>
            <numerusform>%n eitem: {kinds}.</numerusform>
            <numerusform>%n eitem: {kinds}.</numerusform>
            <numerusform>%n eitem: {kinds}.</numerusform>
            <numerusform>%n eitem: {kinds}.</numerusform>
            <numerusform>%n eitem: {kinds}.</numerusform>
        </translation>
    </message>
    <message>
        <source>First seen {first}; last seen {last}.</source>
        <translation>Gwelwyd gyntaf {first}; gwelwyd ddiwethaf {last}.</translation>
    </message>
    <message numerus="yes">
        <source>In %n conversation(s).</source>
        <translation>
            <numerusform>Mewn %n sgwrs.</numerusform>
            <numerusform>Mewn %n sgwrs.</numerusform>
            <numerusform>Mewn %n sgwrs.</numerusform>
            <numerusform>Mewn %n sgwrs.</numerusform>
            <numerusform>Mewn %n sgwrs.</numerusform>
        </translation>
    </message>
    <message>
        <source>No report made from their items.</source>
        <translation>Ni wnaed adroddiad o&apos;u heitemau.</translation>
    </message>
    <message>
        <source>Public profile: {f}</source>
        <translation>Proffil cyhoeddus: {f}</translation>
    </message>
    <message>
        <source>Reports: {refs}</source>
        <translation>Adroddiadau: {refs}</translation>
    </message>
    <message>
        <source>The network gives no public profile figures for this author.</source>
        <translation>Nid yw&apos;r rhwydwaith yn rhoi ffigurau proffil cyhoeddus ar gyfer yr awdur hwn.</translation>
    </message>
    <message>
        <source>Their items, newest first</source>
        <translation>Eu heitemau, y diweddaraf yn gyntaf</translation>
    </message>
    <message>
        <source>on {channel}</source>
        <translation>ar {channel}</translation>
    </message>
</context>
<context>
    <name>ByHandPanel</name>
    <message>
        <source>1: {first} · 2: {second}</source>
        <translation>1: {first} · 2: {second}</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Sianel</translation>
    </message>
    <message>
        <source>Cop&amp;y text</source>
        <translation>C&amp;opïo&apos;r testun</translation>
    </message>
    <message>
        <source>Copied; Cordon clears it from the clipboard in 30 s.</source>
        <translation>Wedi&apos;i gopïo; mae Cordon yn ei glirio o&apos;r clipfwrdd mewn 30 e.</translation>
    </message>
    <message>
        <source>Copy &amp;first post</source>
        <translation>Copïo&apos;r neges g&amp;yntaf</translation>
    </message>
    <message>
        <source>Copy &amp;second post</source>
        <translation>Copïo&apos;r &amp;ail neges</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Yn ddyledus</translation>
    </message>
    <message>
        <source>P&amp;osted it…</source>
        <translation>&amp;Wedi&apos;i phostio…</translation>
    </message>
    <message>
        <source>Posts to make by hand: {due} due now, {soon} soon</source>
        <translation>Negeseuon i&apos;w gwneud â llaw: {due} yn ddyledus nawr, {soon} cyn bo hir</translation>
    </message>
    <message>
        <source>Recorded as posted on {channel}, in your name.</source>
        <translation>Wedi&apos;i chofnodi fel un a bostiwyd ar {channel}, yn eich enw chi.</translation>
    </message>
    <message>
        <source>Second post copied: post it after the first (as a reply where the site has replies). Cordon clears it from the clipboard in 30 s.</source>
        <translation>Yr ail neges wedi&apos;i chopïo: postiwch hi ar ôl y gyntaf (fel ateb lle mae gan y wefan atebion). Mae Cordon yn ei chlirio o&apos;r clipfwrdd mewn 30 e.</translation>
    </message>
    <message>
        <source>Select a post first.</source>
        <translation>Dewiswch neges yn gyntaf.</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Testun</translation>
    </message>
</context>
<context>
    <name>CalendarGrids</name>
    <message>
        <source>+{n} more</source>
        <translation>+{n} arall</translation>
    </message>
    <message>
        <source>Apr</source>
        <translation>Ebr</translation>
    </message>
    <message>
        <source>Aug</source>
        <translation>Awst</translation>
    </message>
    <message>
        <source>Dec</source>
        <translation>Rhag</translation>
    </message>
    <message>
        <source>Feb</source>
        <translation>Chwef</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>Gwe</translation>
    </message>
    <message>
        <source>Jan</source>
        <translation>Ion</translation>
    </message>
    <message>
        <source>Jul</source>
        <translation>Gorff</translation>
    </message>
    <message>
        <source>Jun</source>
        <translation>Meh</translation>
    </message>
    <message>
        <source>Mar</source>
        <translation>Maw</translation>
    </message>
    <message>
        <source>May</source>
        <translation>Mai</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>Llun</translation>
    </message>
    <message>
        <source>Nov</source>
        <translation>Tach</translation>
    </message>
    <message>
        <source>Oct</source>
        <translation>Hyd</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>Sad</translation>
    </message>
    <message>
        <source>Sep</source>
        <translation>Medi</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>Sul</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>Iau</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>Maw</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>Mer</translation>
    </message>
</context>
<context>
    <name>CalendarView</name>
    <message>
        <source>&amp;Month</source>
        <translation>&amp;Mis</translation>
    </message>
    <message>
        <source>&amp;Today</source>
        <translation>&amp;Heddiw</translation>
    </message>
    <message>
        <source>&amp;Week</source>
        <translation>&amp;Wythnos</translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation>Calendr</translation>
    </message>
    <message>
        <source>Every channel</source>
        <translation>Pob sianel</translation>
    </message>
    <message>
        <source>Moved to {when}.</source>
        <translation>Symudwyd i {when}.</translation>
    </message>
    <message>
        <source>That post can no longer be moved.</source>
        <translation>Ni ellir symud y neges honno mwyach.</translation>
    </message>
    <message>
        <source>Week of {day}</source>
        <translation>Wythnos {day}</translation>
    </message>
</context>
<context>
    <name>ChannelsView</name>
    <message>
        <source>&amp;Add channel…</source>
        <translation>&amp;Ychwanegu sianel…</translation>
    </message>
    <message>
        <source>&amp;Enable / disable…</source>
        <translation>&amp;Galluogi / analluogi…</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Cyfrif</translation>
    </message>
    <message>
        <source>Add a channel, enable or disable it, and say which kinds of content need an approver. Connect it to its network above.</source>
        <translation>Ychwanegwch sianel, ei galluogi neu ei hanalluogi, a dweud pa fathau o gynnwys sydd angen cymeradwywr. Cysylltwch hi â&apos;i rhwydwaith uchod.</translation>
    </message>
    <message>
        <source>Added {n}.</source>
        <translation>Ychwanegwyd {n}.</translation>
    </message>
    <message>
        <source>Approval &amp;rules…</source>
        <translation>&amp;Rheolau cymeradwyo…</translation>
    </message>
    <message>
        <source>Approval rules for {n} saved.</source>
        <translation>Cadwyd y rheolau cymeradwyo ar gyfer {n}.</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Ardal</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Sianel</translation>
    </message>
    <message>
        <source>Disable {name}</source>
        <translation>Analluogi {name}</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Wedi&apos;i analluogi</translation>
    </message>
    <message>
        <source>Enable {name}</source>
        <translation>Galluogi {name}</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Wedi&apos;i galluogi</translation>
    </message>
    <message>
        <source>Needs approval</source>
        <translation>I&apos;w cymeradwyo</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Rhwydwaith</translation>
    </message>
    <message>
        <source>Only an administrator can do this.</source>
        <translation>Dim ond gweinyddwr all wneud hyn.</translation>
    </message>
    <message>
        <source>Select a channel first.</source>
        <translation>Dewiswch sianel yn gyntaf.</translation>
    </message>
    <message>
        <source>Set-up</source>
        <translation>Gosod</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Cyflwr</translation>
    </message>
    <message>
        <source>Why? A disabled channel publishes nothing; its queued posts wait.</source>
        <translation>Pam? Nid yw sianel wedi&apos;i hanalluogi yn cyhoeddi dim; mae ei negeseuon yn y ciw yn aros.</translation>
    </message>
    <message>
        <source>Why? An enabled channel publishes and syncs again.</source>
        <translation>Pam? Mae sianel wedi&apos;i galluogi yn cyhoeddi ac yn cysoni eto.</translation>
    </message>
    <message>
        <source>{name} is now disabled.</source>
        <translation>Mae {name} bellach wedi&apos;i hanalluogi.</translation>
    </message>
    <message>
        <source>{name} is now enabled.</source>
        <translation>Mae {name} bellach wedi&apos;i galluogi.</translation>
    </message>
</context>
<context>
    <name>ChartBox</name>
    <message>
        <source>Export CSV…</source>
        <translation>Allforio CSV…</translation>
    </message>
    <message>
        <source>Save this table as a CSV file</source>
        <translation>Cadw&apos;r tabl hwn fel ffeil CSV</translation>
    </message>
</context>
<context>
    <name>CheckWords</name>
    <message numerus="yes">
        <source>Audit trail intact: %Ln entry(s).</source>
        <translation>
            <numerusform>Trywydd archwilio yn gyfan: %Ln cofnod.</numerusform>
            <numerusform>Trywydd archwilio yn gyfan: %Ln cofnod.</numerusform>
            <numerusform>Trywydd archwilio yn gyfan: %Ln cofnod.</numerusform>
            <numerusform>Trywydd archwilio yn gyfan: %Ln cofnod.</numerusform>
            <numerusform>Trywydd archwilio yn gyfan: %Ln cofnod.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>each link counts as {n}</source>
        <translation>mae pob dolen yn cyfrif fel {n}</translation>
    </message>
    <message>
        <source>{used} of {limit} {unit}</source>
        <translation>{used} o {limit} {unit}</translation>
    </message>
</context>
<context>
    <name>ComposerDialog</name>
    <message>
        <source>&amp;At (UK time)</source>
        <translation>&amp;Am (amser y DU)</translation>
    </message>
    <message>
        <source>&amp;Channels</source>
        <translation>&amp;Sianeli</translation>
    </message>
    <message>
        <source>&amp;English</source>
        <translation>&amp;Saesneg</translation>
    </message>
    <message>
        <source>&amp;Queue</source>
        <translation>&amp;Ciw</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Cadw</translation>
    </message>
    <message>
        <source>&amp;Text</source>
        <translation>&amp;Testun</translation>
    </message>
    <message>
        <source>&amp;Welsh</source>
        <translation>&amp;Cymraeg</translation>
    </message>
    <message>
        <source>Add &amp;image…</source>
        <translation>Ychwanegu &amp;delwedd…</translation>
    </message>
    <message>
        <source>Add an image</source>
        <translation>Ychwanegu delwedd</translation>
    </message>
    <message>
        <source>As each channel will carry it</source>
        <translation>Fel y bydd pob sianel yn ei chario</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Canslo</translation>
    </message>
    <message>
        <source>Choose a channel to see the post as it will carry it.</source>
        <translation>Dewiswch sianel i weld y neges fel y bydd yn ei chario.</translation>
    </message>
    <message>
        <source>Choose at least one channel.</source>
        <translation>Dewiswch o leiaf un sianel.</translation>
    </message>
    <message>
        <source>Describe each image for people who cannot see it: its alt text field is marked.</source>
        <translation>Disgrifiwch bob delwedd i bobl na allant ei gweld: mae maes ei thestun amgen wedi&apos;i farcio.</translation>
    </message>
    <message>
        <source>E&amp;moji</source>
        <translation>E&amp;moji</translation>
    </message>
    <message>
        <source>Edit post</source>
        <translation>Golygu neges</translation>
    </message>
    <message>
        <source>English text</source>
        <translation>Testun Saesneg</translation>
    </message>
    <message>
        <source>Every channel</source>
        <translation>Pob sianel</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Delweddau</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.gif *.webp)</source>
        <translation>Delweddau (*.jpg *.jpeg *.png *.gif *.webp)</translation>
    </message>
    <message>
        <source>Insert an emoji at the cursor</source>
        <translation>Mewnosod emoji wrth y cyrchwr</translation>
    </message>
    <message>
        <source>New post</source>
        <translation>Neges newydd</translation>
    </message>
    <message>
        <source>Own &amp;version for a channel…</source>
        <translation>&amp;Fersiwn ei hun ar gyfer sianel…</translation>
    </message>
    <message>
        <source>Own version</source>
        <translation>Fersiwn ei hun</translation>
    </message>
    <message>
        <source>Post text</source>
        <translation>Testun y neges</translation>
    </message>
    <message>
        <source>Preview, per channel</source>
        <translation>Rhagolwg, fesul sianel</translation>
    </message>
    <message>
        <source>Publish &amp;now</source>
        <translation>Cyhoeddi &amp;nawr</translation>
    </message>
    <message>
        <source>Save as &amp;draft</source>
        <translation>Cadw fel &amp;drafft</translation>
    </message>
    <message>
        <source>That time has passed: choose a later one, or Publish now.</source>
        <translation>Mae&apos;r amser hwnnw wedi mynd heibio: dewiswch un hwyrach, neu Cyhoeddi nawr.</translation>
    </message>
    <message>
        <source>The post in Welsh</source>
        <translation>Y neges yn Gymraeg</translation>
    </message>
    <message>
        <source>Welsh text</source>
        <translation>Testun Cymraeg</translation>
    </message>
    <message>
        <source>What should the public read?</source>
        <translation>Beth ddylai&apos;r cyhoedd ei ddarllen?</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Pryd</translation>
    </message>
    <message>
        <source>Which channel gets its own text?</source>
        <translation>Pa sianel sy&apos;n cael ei thestun ei hun?</translation>
    </message>
    <message>
        <source>{file} could not be read ({why}).</source>
        <translation>Nid oedd modd darllen {file} ({why}).</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source> (optional)</source>
        <translation> (dewisol)</translation>
    </message>
    <message numerus="yes">
        <source>%n of them held by the incident in progress, for review.</source>
        <translation>
            <numerusform>Mae %n ohonynt wedi&apos;u hatal gan y digwyddiad sydd ar waith, i&apos;w hadolygu.</numerusform>
            <numerusform>Mae %n ohonynt wedi&apos;i hatal gan y digwyddiad sydd ar waith, i&apos;w hadolygu.</numerusform>
            <numerusform>Mae %n ohonynt wedi&apos;u hatal gan y digwyddiad sydd ar waith, i&apos;w hadolygu.</numerusform>
            <numerusform>Mae %n ohonynt wedi&apos;u hatal gan y digwyddiad sydd ar waith, i&apos;w hadolygu.</numerusform>
            <numerusform>Mae %n ohonynt wedi&apos;u hatal gan y digwyddiad sydd ar waith, i&apos;w hadolygu.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n post(s) waiting for this channel went back on the queue.</source>
        <translation>
            <numerusform>Aeth %n neges a oedd yn aros am y sianel hon yn ôl i&apos;r ciw.</numerusform>
            <numerusform>Aeth %n neges a oedd yn aros am y sianel hon yn ôl i&apos;r ciw.</numerusform>
            <numerusform>Aeth %n neges a oedd yn aros am y sianel hon yn ôl i&apos;r ciw.</numerusform>
            <numerusform>Aeth %n neges a oedd yn aros am y sianel hon yn ôl i&apos;r ciw.</numerusform>
            <numerusform>Aeth %n neges a oedd yn aros am y sianel hon yn ôl i&apos;r ciw.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n post(s)&apos; time passed while it was disconnected: now missed; reschedule or cancel them in the Queue.</source>
        <translation>
            <numerusform>Aeth amser %n neges heibio tra oedd wedi&apos;i datgysylltu: wedi&apos;u methu nawr; aildrefnwch neu canslwch nhw yn y Ciw.</numerusform>
            <numerusform>Aeth amser %n neges heibio tra oedd wedi&apos;i datgysylltu: wedi&apos;i methu nawr; aildrefnwch neu canslwch hi yn y Ciw.</numerusform>
            <numerusform>Aeth amser %n neges heibio tra oedd wedi&apos;i datgysylltu: wedi&apos;u methu nawr; aildrefnwch neu canslwch nhw yn y Ciw.</numerusform>
            <numerusform>Aeth amser %n neges heibio tra oedd wedi&apos;i datgysylltu: wedi&apos;u methu nawr; aildrefnwch neu canslwch nhw yn y Ciw.</numerusform>
            <numerusform>Aeth amser %n neges heibio tra oedd wedi&apos;i datgysylltu: wedi&apos;u methu nawr; aildrefnwch neu canslwch nhw yn y Ciw.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Cysylltu</translation>
    </message>
    <message>
        <source>Bluesky connects with the account&apos;s handle and an app password (never the account&apos;s own password). Cordon keeps the app password encrypted in this store and nowhere else.</source>
        <translation>Mae Bluesky yn cysylltu â handlen y cyfrif a chyfrinair ap (byth cyfrinair y cyfrif ei hun). Mae Cordon yn cadw&apos;r cyfrinair ap wedi&apos;i amgryptio yn y storfa hon a nunlle arall.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Canslo</translation>
    </message>
    <message>
        <source>Cancelled: nothing was connected.</source>
        <translation>Canslwyd: ni chysylltwyd dim.</translation>
    </message>
    <message>
        <source>Checking the Page…</source>
        <translation>Yn gwirio&apos;r Dudalen…</translation>
    </message>
    <message>
        <source>Choose the force&apos;s Page for {name}:</source>
        <translation>Dewiswch Dudalen yr heddlu ar gyfer {name}:</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cau</translation>
    </message>
    <message>
        <source>Connect this &amp;Page</source>
        <translation>Cysylltu&apos;r &amp;Dudalen hon</translation>
    </message>
    <message>
        <source>Connect {name} ({network})</source>
        <translation>Cysylltu {name} ({network})</translation>
    </message>
    <message>
        <source>Cordon cannot connect {network} channels yet.</source>
        <translation>Ni all Cordon gysylltu sianeli {network} eto.</translation>
    </message>
    <message>
        <source>Cordon opens {network}&apos;s sign-in page in your web browser. Sign in as the force&apos;s account and allow Cordon; the browser then comes back to Cordon on this computer. The access it gets is kept encrypted in this store and nowhere else.</source>
        <translation>Mae Cordon yn agor tudalen fewngofnodi {network} yn eich porwr gwe. Mewngofnodwch fel cyfrif yr heddlu a chaniatáu Cordon; yna mae&apos;r porwr yn dod yn ôl i Cordon ar y cyfrifiadur hwn. Caiff y mynediad a gaiff ei gadw wedi&apos;i amgryptio yn y storfa hon a nunlle arall.</translation>
    </message>
    <message>
        <source>Create an app password in Bluesky (Settings, Privacy and security, App passwords)</source>
        <translation>Crëwch gyfrinair ap yn Bluesky (Settings, Privacy and security, App passwords)</translation>
    </message>
    <message>
        <source>Fill in: {what}.</source>
        <translation>Llenwch: {what}.</translation>
    </message>
    <message>
        <source>Its access lasts until {when}; Cordon renews it before then.</source>
        <translation>Mae ei fynediad yn para tan {when}; mae Cordon yn ei adnewyddu cyn hynny.</translation>
    </message>
    <message>
        <source>No posts were waiting for it.</source>
        <translation>Nid oedd unrhyw neges yn aros amdani.</translation>
    </message>
    <message>
        <source>Only an administrator can connect channels: ask one to do this.</source>
        <translation>Dim ond gweinyddwr all gysylltu sianeli: gofynnwch i un wneud hyn.</translation>
    </message>
    <message>
        <source>Open the sign-in page &amp;again</source>
        <translation>Agor y dudalen fewngofnodi &amp;eto</translation>
    </message>
    <message>
        <source>Signed in: checking the account…</source>
        <translation>Wedi mewngofnodi: yn gwirio&apos;r cyfrif…</translation>
    </message>
    <message>
        <source>Signing in to Bluesky…</source>
        <translation>Yn mewngofnodi i Bluesky…</translation>
    </message>
    <message>
        <source>The callback port is a number, such as 8765.</source>
        <translation>Rhif yw&apos;r porth galw&apos;n ôl, megis 8765.</translation>
    </message>
    <message>
        <source>The simulator network runs on this computer and needs no account. Connecting {name} again clears its needs-reconnect state and puts back on the queue the posts that waited for it.</source>
        <translation>Mae&apos;r rhwydwaith efelychu yn rhedeg ar y cyfrifiadur hwn ac nid oes angen cyfrif arno. Mae cysylltu {name} eto yn clirio ei gyflwr angen-ailgysylltu ac yn rhoi&apos;r negeseuon a arhosodd amdani yn ôl ar y ciw.</translation>
    </message>
    <message>
        <source>This is an exercise store: it never holds real credentials or reaches a live account, so {name} cannot be connected here.</source>
        <translation>Storfa ymarfer yw hon: nid yw byth yn dal manylion mewngofnodi go iawn nac yn cyrraedd cyfrif byw, felly ni ellir cysylltu {name} yma.</translation>
    </message>
    <message>
        <source>Waiting for you to sign in in the browser… {span} left. Cancel to stop.</source>
        <translation>Yn aros i chi fewngofnodi yn y porwr… {span} ar ôl. Canslo i stopio.</translation>
    </message>
    <message>
        <source>{channel} is connected as {who}.</source>
        <translation>Mae {channel} wedi&apos;i chysylltu fel {who}.</translation>
    </message>
    <message>
        <source>{channel} is connected.</source>
        <translation>Mae {channel} wedi&apos;i chysylltu.</translation>
    </message>
    <message>
        <source>{name} (your role cannot post)</source>
        <translation>{name} (ni all eich rôl bostio)</translation>
    </message>
    <message>
        <source>{network} has no open posting API: nothing to connect. Its posts wait in the Queue&apos;s list of posts to make by hand, where you copy the text and say when you posted it.</source>
        <translation>Nid oes gan {network} API postio agored: dim i&apos;w gysylltu. Mae ei negeseuon yn aros yn rhestr y Ciw o negeseuon i&apos;w gwneud â llaw, lle rydych yn copïo&apos;r testun ac yn dweud pryd y gwnaethoch ei phostio.</translation>
    </message>
</context>
<context>
    <name>ConversationPane</name>
    <message numerus="yes">
        <source>%n new item(s) arrived: open the conversation again to read them.</source>
        <translation>
            <numerusform>Cyrhaeddodd %n eitem newydd: agorwch y sgwrs eto i&apos;w darllen.</numerusform>
            <numerusform>Cyrhaeddodd %n eitem newydd: agorwch y sgwrs eto i&apos;w darllen.</numerusform>
            <numerusform>Cyrhaeddodd %n eitem newydd: agorwch y sgwrs eto i&apos;w darllen.</numerusform>
            <numerusform>Cyrhaeddodd %n eitem newydd: agorwch y sgwrs eto i&apos;w darllen.</numerusform>
            <numerusform>Cyrhaeddodd %n eitem newydd: agorwch y sgwrs eto i&apos;w darllen.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Close…</source>
        <translation>&amp;Cau…</translation>
    </message>
    <message>
        <source>&amp;Open the conversation…</source>
        <translation>&amp;Agor y sgwrs…</translation>
    </message>
    <message>
        <source>&amp;Record a report…</source>
        <translation>&amp;Cofnodi adroddiad…</translation>
    </message>
    <message>
        <source>&amp;Try the failed reply again</source>
        <translation>&amp;Rhoi cynnig arall ar yr ateb a fethodd</translation>
    </message>
    <message>
        <source>&amp;Unassign…</source>
        <translation>&amp;Dad-neilltuo…</translation>
    </message>
    <message>
        <source>1 item</source>
        <translation>1 eitem</translation>
    </message>
    <message>
        <source>A&amp;ssign…</source>
        <translation>&amp;Neilltuo…</translation>
    </message>
    <message>
        <source>Add &amp;note</source>
        <translation>Ychwanegu &amp;nodyn</translation>
    </message>
    <message>
        <source>An internal note: never sent, never changed, seen by the desk</source>
        <translation>Nodyn mewnol: byth yn cael ei anfon, byth yn cael ei newid, i&apos;w weld gan y ddesg</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Wedi&apos;i ateb</translation>
    </message>
    <message>
        <source>Assigned to {who}.</source>
        <translation>Wedi&apos;i neilltuo i {who}.</translation>
    </message>
    <message>
        <source>Assignee: {who}</source>
        <translation>Wedi&apos;i neilltuo i: {who}</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Awdur</translation>
    </message>
    <message>
        <source>Close the conversation</source>
        <translation>Cau&apos;r sgwrs</translation>
    </message>
    <message>
        <source>Closed by mistake</source>
        <translation>Wedi&apos;i chau drwy gamgymeriad</translation>
    </message>
    <message>
        <source>Closed.</source>
        <translation>Ar gau.</translation>
    </message>
    <message>
        <source>Conversation on {channel}</source>
        <translation>Sgwrs ar {channel}</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Dyblygu</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Eitemau</translation>
    </message>
    <message>
        <source>Latest {when}</source>
        <translation>Diweddaraf {when}</translation>
    </message>
    <message>
        <source>Links:</source>
        <translation>Dolenni:</translation>
    </message>
    <message>
        <source>Mark &amp;answered</source>
        <translation>Marcio fel &amp;atebwyd</translation>
    </message>
    <message>
        <source>Marked answered.</source>
        <translation>Wedi&apos;i farcio fel atebwyd.</translation>
    </message>
    <message>
        <source>Media: {n} attached</source>
        <translation>Cyfryngau: {n} wedi&apos;u hatodi</translation>
    </message>
    <message>
        <source>Needs a follow-up</source>
        <translation>Angen dilyniant</translation>
    </message>
    <message>
        <source>Newest: {kind} from @{author}. Open the conversation to read every item in full, answer it and work it.</source>
        <translation>Diweddaraf: {kind} gan @{author}. Agorwch y sgwrs i ddarllen pob eitem yn llawn, ei hateb a gweithio arni.</translation>
    </message>
    <message>
        <source>No reply needed</source>
        <translation>Dim angen ateb</translation>
    </message>
    <message>
        <source>Note added.</source>
        <translation>Ychwanegwyd y nodyn.</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Nodiadau</translation>
    </message>
    <message>
        <source>Notes ({n})</source>
        <translation>Nodiadau ({n})</translation>
    </message>
    <message>
        <source>On {channel}, {when}</source>
        <translation>Ar {channel}, {when}</translation>
    </message>
    <message>
        <source>Our replies</source>
        <translation>Ein hatebion</translation>
    </message>
    <message>
        <source>Passed to 101</source>
        <translation>Wedi&apos;i basio i 101</translation>
    </message>
    <message>
        <source>Re&amp;open…</source>
        <translation>&amp;Ailagor…</translation>
    </message>
    <message>
        <source>Read it in full: the opening is recorded with your reason (DPA 2018 s.62)</source>
        <translation>Ei darllen yn llawn: caiff yr agor ei gofnodi gyda&apos;ch rheswm (DPA 2018 a.62)</translation>
    </message>
    <message>
        <source>Record a report from the public (reference, THRIVE, response clock) from this conversation, or from the items chosen</source>
        <translation>Cofnodi adroddiad gan y cyhoedd (cyfeirnod, THRIVE, cloc ymateb) o&apos;r sgwrs hon, neu o&apos;r eitemau a ddewiswyd</translation>
    </message>
    <message>
        <source>Reopen the conversation</source>
        <translation>Ailagor y sgwrs</translation>
    </message>
    <message>
        <source>Reopened.</source>
        <translation>Ailagorwyd.</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Ateb</translation>
    </message>
    <message>
        <source>Reply recorded; conversation closed.</source>
        <translation>Cofnodwyd yr ateb; caewyd y sgwrs.</translation>
    </message>
    <message>
        <source>Reply sent.</source>
        <translation>Anfonwyd yr ateb.</translation>
    </message>
    <message>
        <source>Report {ref}</source>
        <translation>Adroddiad {ref}</translation>
    </message>
    <message>
        <source>Select a conversation to work it.</source>
        <translation>Dewiswch sgwrs i weithio arni.</translation>
    </message>
    <message>
        <source>Show the author&apos;s &amp;history</source>
        <translation>Dangos &amp;hanes yr awdur</translation>
    </message>
    <message>
        <source>Spam or abuse</source>
        <translation>Sbam neu gamdriniaeth</translation>
    </message>
    <message>
        <source>State: {state}</source>
        <translation>Cyflwr: {state}</translation>
    </message>
    <message>
        <source>The reply failed: {why}</source>
        <translation>Methodd yr ateb: {why}</translation>
    </message>
    <message>
        <source>The reply goes out again in a moment.</source>
        <translation>Mae&apos;r ateb yn mynd allan eto mewn eiliad.</translation>
    </message>
    <message>
        <source>Their earlier items and reports with the force: recorded with the reason you gave for opening the conversation</source>
        <translation>Eu heitemau a&apos;u hadroddiadau blaenorol gyda&apos;r heddlu: wedi&apos;u cofnodi gyda&apos;r rheswm a roesoch dros agor y sgwrs</translation>
    </message>
    <message>
        <source>They wrote again</source>
        <translation>Maen nhw wedi ysgrifennu eto</translation>
    </message>
    <message>
        <source>Unassign the conversation</source>
        <translation>Dad-neilltuo&apos;r sgwrs</translation>
    </message>
    <message>
        <source>Unassigned.</source>
        <translation>Wedi&apos;i dad-neilltuo.</translation>
    </message>
    <message>
        <source>Why? (It goes in the audit trail.)</source>
        <translation>Pam? (Mae&apos;n mynd i&apos;r trywydd archwilio.)</translation>
    </message>
    <message>
        <source>Working the inbox needs the Duty officer or Approver role.</source>
        <translation>Mae gweithio ar y mewnflwch angen rôl Swyddog ar ddyletswydd neu Gymeradwywr.</translation>
    </message>
    <message>
        <source>{kind} from {author}</source>
        <translation>{kind} gan {author}</translation>
    </message>
    <message>
        <source>{n} items</source>
        <translation>{n} eitem</translation>
    </message>
    <message>
        <source>{state} — direct message by {author}, {when}:</source>
        <translation>{state} — neges uniongyrchol gan {author}, {when}:</translation>
    </message>
    <message>
        <source>{state} — public reply by {author}, {when}:</source>
        <translation>{state} — ateb cyhoeddus gan {author}, {when}:</translation>
    </message>
    <message numerus="yes">
        <source>⚑ %n item(s) flagged by listening rules.</source>
        <translation>
            <numerusform>⚑ %n eitem wedi&apos;u nodi gan reolau gwrando.</numerusform>
            <numerusform>⚑ %n eitem wedi&apos;u nodi gan reolau gwrando.</numerusform>
            <numerusform>⚑ %n eitem wedi&apos;u nodi gan reolau gwrando.</numerusform>
            <numerusform>⚑ %n eitem wedi&apos;u nodi gan reolau gwrando.</numerusform>
            <numerusform>⚑ %n eitem wedi&apos;u nodi gan reolau gwrando.</numerusform>
        </translation>
    </message>
    <message>
        <source>⚠ Threat to life or risk of harm: an alert is open on this conversation. Read it and act now.</source>
        <translation>⚠ Bygythiad i fywyd neu risg o niwed: mae rhybudd ar agor ar y sgwrs hon. Darllenwch ef a gweithredwch nawr.</translation>
    </message>
</context>
<context>
    <name>ConversationTableModel</name>
    <message numerus="yes">
        <source>%n item(s) flagged by listening rules: {rules}.</source>
        <translation>
            <numerusform>%n eitem wedi&apos;u nodi gan reolau gwrando: {rules}.</numerusform>
            <numerusform>%n eitem wedi&apos;u nodi gan reolau gwrando: {rules}.</numerusform>
            <numerusform>%n eitem wedi&apos;u nodi gan reolau gwrando: {rules}.</numerusform>
            <numerusform>%n eitem wedi&apos;u nodi gan reolau gwrando: {rules}.</numerusform>
            <numerusform>%n eitem wedi&apos;u nodi gan reolau gwrando: {rules}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n threat-to-life alert(s), acknowledged.</source>
        <translation>
            <numerusform>%n rhybudd bygythiad i fywyd, wedi&apos;u cydnabod.</numerusform>
            <numerusform>%n rhybudd bygythiad i fywyd, wedi&apos;u cydnabod.</numerusform>
            <numerusform>%n rhybudd bygythiad i fywyd, wedi&apos;u cydnabod.</numerusform>
            <numerusform>%n rhybudd bygythiad i fywyd, wedi&apos;u cydnabod.</numerusform>
            <numerusform>%n rhybudd bygythiad i fywyd, wedi&apos;u cydnabod.</numerusform>
        </translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Wedi&apos;i neilltuo i</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Awdur</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Sianel</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>Cloc</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Rhagolwg</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Adroddiad</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Cyflwr</translation>
    </message>
    <message>
        <source>Team: {team}</source>
        <translation>Tîm: {team}</translation>
    </message>
    <message numerus="yes">
        <source>Threat to life or risk of harm: %n alert(s) not yet acknowledged. Read it now.</source>
        <translation>
            <numerusform>Bygythiad i fywyd neu risg o niwed: %n rhybudd heb ei gydnabod eto. Darllenwch ef nawr.</numerusform>
            <numerusform>Bygythiad i fywyd neu risg o niwed: %n rhybudd heb ei gydnabod eto. Darllenwch ef nawr.</numerusform>
            <numerusform>Bygythiad i fywyd neu risg o niwed: %n rhybudd heb ei gydnabod eto. Darllenwch ef nawr.</numerusform>
            <numerusform>Bygythiad i fywyd neu risg o niwed: %n rhybudd heb ei gydnabod eto. Darllenwch ef nawr.</numerusform>
            <numerusform>Bygythiad i fywyd neu risg o niwed: %n rhybudd heb ei gydnabod eto. Darllenwch ef nawr.</numerusform>
        </translation>
    </message>
    <message>
        <source>Time (UK)</source>
        <translation>Amser (y DU)</translation>
    </message>
    <message>
        <source>{reference}: {grade}, due {due}</source>
        <translation>{reference}: {grade}, yn ddyledus {due}</translation>
    </message>
</context>
<context>
    <name>CreateStoreDialog</name>
    <message>
        <source>&amp;Again</source>
        <translation>E&amp;to</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Cyfrinair</translation>
    </message>
    <message>
        <source>&amp;Your user name</source>
        <translation>&amp;Eich enw defnyddiwr</translation>
    </message>
    <message>
        <source>Approver (gold): approves posts, reviews what an incident holds</source>
        <translation>Cymeradwywr (aur): yn cymeradwyo negeseuon, yn adolygu&apos;r hyn y mae digwyddiad yn ei atal</translation>
    </message>
    <message>
        <source>C&amp;reate</source>
        <translation>C&amp;reu</translation>
    </message>
    <message>
        <source>Create a Cordon store</source>
        <translation>Creu storfa Cordon</translation>
    </message>
    <message>
        <source>Creating the encrypted store…</source>
        <translation>Yn creu&apos;r storfa wedi&apos;i hamgryptio…</translation>
    </message>
    <message>
        <source>Duty officer: writes posts, answers the inbox, engages incidents</source>
        <translation>Swyddog ar ddyletswydd: yn ysgrifennu negeseuon, yn ateb y mewnflwch, yn cychwyn digwyddiadau</translation>
    </message>
    <message>
        <source>Exercise store (training only)</source>
        <translation>Storfa ymarfer (hyfforddiant yn unig)</translation>
    </message>
    <message>
        <source>Give your user name: you will sign in with it.</source>
        <translation>Rhowch eich enw defnyddiwr: byddwch yn mewngofnodi ag ef.</translation>
    </message>
    <message>
        <source>Store &amp;file</source>
        <translation>&amp;Ffeil y storfa</translation>
    </message>
    <message>
        <source>The two passwords differ: type them again.</source>
        <translation>Mae&apos;r ddau gyfrinair yn wahanol: teipiwch nhw eto.</translation>
    </message>
    <message>
        <source>You will be the store&apos;s first administrator. The store is encrypted; without a password of a user it cannot be read by anyone, Cordon included.</source>
        <translation>Chi fydd gweinyddwr cyntaf y storfa. Mae&apos;r storfa wedi&apos;i hamgryptio; heb gyfrinair defnyddiwr ni all neb ei darllen, gan gynnwys Cordon.</translation>
    </message>
    <message>
        <source>Your full &amp;name</source>
        <translation>Eich enw &amp;llawn</translation>
    </message>
    <message>
        <source>Your roles besides administrator:</source>
        <translation>Eich rolau heblaw gweinyddwr:</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n eitem</numerusform>
            <numerusform>%n eitem</numerusform>
            <numerusform>%n eitem</numerusform>
            <numerusform>%n eitem</numerusform>
            <numerusform>%n eitem</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n report(s)</source>
        <translation>
            <numerusform>%n adroddiad</numerusform>
            <numerusform>%n adroddiad</numerusform>
            <numerusform>%n adroddiad</numerusform>
            <numerusform>%n adroddiad</numerusform>
            <numerusform>%n adroddiad</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n report(s) made in this span.</source>
        <translation>
            <numerusform>%n adroddiad wedi&apos;u gwneud yn y cyfnod hwn.</numerusform>
            <numerusform>%n adroddiad wedi&apos;u gwneud yn y cyfnod hwn.</numerusform>
            <numerusform>%n adroddiad wedi&apos;u gwneud yn y cyfnod hwn.</numerusform>
            <numerusform>%n adroddiad wedi&apos;u gwneud yn y cyfnod hwn.</numerusform>
            <numerusform>%n adroddiad wedi&apos;u gwneud yn y cyfnod hwn.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Adnewyddu</translation>
    </message>
    <message>
        <source>&amp;Span</source>
        <translation>&amp;Cyfnod</translation>
    </message>
    <message>
        <source>Against each grade&apos;s clock. Median time to respond: {medians}.</source>
        <translation>Yn erbyn cloc pob gradd. Amser canolrif i ymateb: {medians}.</translation>
    </message>
    <message>
        <source>Against each grade&apos;s clock. None has been answered yet.</source>
        <translation>Yn erbyn cloc pob gradd. Nid oes yr un wedi&apos;i ateb eto.</translation>
    </message>
    <message>
        <source>By the time each item was written on its network.</source>
        <translation>Yn ôl yr amser yr ysgrifennwyd pob eitem ar ei rhwydwaith.</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Sgyrsiau</translation>
    </message>
    <message>
        <source>Conversations by state</source>
        <translation>Sgyrsiau yn ôl cyflwr</translation>
    </message>
    <message>
        <source>Conversations with items in this span, in the state they are in now.</source>
        <translation>Sgyrsiau ag eitemau yn y cyfnod hwn, yn y cyflwr y maent ynddo nawr.</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Dangosfwrdd</translation>
    </message>
    <message>
        <source>Export {table} as CSV</source>
        <translation>Allforio {table} fel CSV</translation>
    </message>
    <message>
        <source>Hour (UK time)</source>
        <translation>Awr (amser y DU)</translation>
    </message>
    <message>
        <source>Intelligence</source>
        <translation>Cudd-wybodaeth</translation>
    </message>
    <message>
        <source>Items and reports made in this span; UK time</source>
        <translation>Eitemau ac adroddiadau a wnaed yn y cyfnod hwn; amser y DU</translation>
    </message>
    <message>
        <source>Items per hour, by channel</source>
        <translation>Eitemau yr awr, fesul sianel</translation>
    </message>
    <message>
        <source>Met</source>
        <translation>Mewn pryd</translation>
    </message>
    <message>
        <source>Met: answered in time. Missed: answered late, or open and overdue. Running: open, time left. RWD: resolution without deployment.</source>
        <translation>Mewn pryd: atebwyd mewn pryd. Hwyr: atebwyd yn hwyr, neu ar agor a thros amser. Yn rhedeg: ar agor, amser ar ôl. RWD: datrys heb anfon neb.</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Hwyr</translation>
    </message>
    <message>
        <source>No report was made in this span.</source>
        <translation>Ni wnaed adroddiad yn y cyfnod hwn.</translation>
    </message>
    <message>
        <source>Nothing arrived in this span.</source>
        <translation>Ni chyrhaeddodd dim yn y cyfnod hwn.</translation>
    </message>
    <message>
        <source>RWD</source>
        <translation>RWD</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Adroddiadau</translation>
    </message>
    <message>
        <source>Reports by category</source>
        <translation>Categorïau adroddiad</translation>
    </message>
    <message>
        <source>Response times</source>
        <translation>Amserau ymateb</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Yn rhedeg</translation>
    </message>
    <message>
        <source>Saved {table} to {file}.</source>
        <translation>Cadwyd {table} yn {file}.</translation>
    </message>
    <message>
        <source>The dashboard needs the Duty officer, Approver or Observer role.</source>
        <translation>Mae&apos;r dangosfwrdd angen rôl Swyddog ar ddyletswydd, Cymeradwywr neu Arsylwr.</translation>
    </message>
    <message>
        <source>clocks read {at} (UK time)</source>
        <translation>y clociau am {at} (amser y DU)</translation>
    </message>
    <message>
        <source>under a minute</source>
        <translation>llai na munud</translation>
    </message>
    <message>
        <source>{grade} {median}</source>
        <translation>{grade} {median}</translation>
    </message>
</context>
<context>
    <name>DisclosureDialog</name>
    <message>
        <source>&amp;Why</source>
        <translation>&amp;Pam</translation>
    </message>
    <message>
        <source>Record the disclosure</source>
        <translation>Cofnodi&apos;r datgeliad</translation>
    </message>
    <message>
        <source>To wh&amp;om</source>
        <translation>I &amp;bwy</translation>
    </message>
    <message>
        <source>e.g. Information Management Unit</source>
        <translation>e.e. yr Uned Rheoli Gwybodaeth</translation>
    </message>
    <message>
        <source>e.g. Subject access request SAR-2026-114</source>
        <translation>e.e. Cais am fynediad at ddata SAR-2026-114</translation>
    </message>
    <message>
        <source>{what} is a disclosure and goes in the audit trail.</source>
        <translation>Mae {what} yn ddatgeliad ac yn mynd i&apos;r trywydd archwilio.</translation>
    </message>
</context>
<context>
    <name>EngineLabel</name>
    <message>
        <source>Engine: NOT ANSWERING</source>
        <translation>Peiriant: DDIM YN ATEB</translation>
    </message>
    <message>
        <source>Engine: STOPPED</source>
        <translation>Peiriant: WEDI STOPIO</translation>
    </message>
    <message>
        <source>Engine: not known</source>
        <translation>Peiriant: anhysbys</translation>
    </message>
    <message>
        <source>Engine: not watched</source>
        <translation>Peiriant: heb ei wylio</translation>
    </message>
    <message>
        <source>Engine: publishing</source>
        <translation>Peiriant: yn cyhoeddi</translation>
    </message>
    <message>
        <source>Engine: starting…</source>
        <translation>Peiriant: yn dechrau…</translation>
    </message>
    <message>
        <source>The team store is unreachable: whether the engine is publishing is not known until it answers. Last known: {sentence}</source>
        <translation>Dim cysylltiad â storfa&apos;r tîm: ni wyddys a yw&apos;r peiriant yn cyhoeddi nes iddi ateb. Yr hyn a wyddys ddiwethaf: {sentence}</translation>
    </message>
    <message>
        <source>This window neither starts nor watches the engine.</source>
        <translation>Nid yw&apos;r ffenestr hon yn cychwyn nac yn gwylio&apos;r peiriant.</translation>
    </message>
</context>
<context>
    <name>EngineStrip</name>
    <message>
        <source>Restart the engine</source>
        <translation>Ailgychwyn y peiriant</translation>
    </message>
    <message>
        <source>Start the engine</source>
        <translation>Cychwyn y peiriant</translation>
    </message>
</context>
<context>
    <name>FieldLabels</name>
    <message>
        <source>Description</source>
        <translation>Disgrifiad</translation>
    </message>
    <message>
        <source>Helpline</source>
        <translation>Llinell gymorth</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Lleoliad</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Enw</translation>
    </message>
    <message>
        <source>Next update</source>
        <translation>Diweddariad nesaf</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Cyfeirnod</translation>
    </message>
    <message>
        <source>Road</source>
        <translation>Ffordd</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Amser</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>Tan</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>Gwefan</translation>
    </message>
</context>
<context>
    <name>FillDialog</name>
    <message>
        <source>Fill in {fields}.</source>
        <translation>Llenwch {fields}.</translation>
    </message>
    <message>
        <source>Fill in “{name}”</source>
        <translation>Llenwch “{name}”</translation>
    </message>
    <message>
        <source>Use it</source>
        <translation>Ei ddefnyddio</translation>
    </message>
</context>
<context>
    <name>GoldNotice</name>
    <message>
        <source>Dismiss</source>
        <translation>Diystyru</translation>
    </message>
    <message>
        <source>Dismiss gold&apos;s instruction {id}</source>
        <translation>Diystyru cyfarwyddyd aur {id}</translation>
    </message>
    <message>
        <source>GOLD COMMAND · EXERCISE · {at}</source>
        <translation>RHEOLAETH AUR · YMARFER · {at}</translation>
    </message>
</context>
<context>
    <name>HealthTableModel</name>
    <message>
        <source>@{account} · not connected</source>
        <translation>@{account} · heb ei gysylltu</translation>
    </message>
    <message>
        <source>@{account} · simulator</source>
        <translation>@{account} · efelychydd</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Cyfrif</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>Cyllideb</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Sianel</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Gwall diwethaf</translation>
    </message>
    <message>
        <source>Last sync (UK)</source>
        <translation>Cysonwyd (y DU)</translation>
    </message>
    <message>
        <source>Next sync</source>
        <translation>Cysoni nesaf</translation>
    </message>
    <message>
        <source>Paused by an officer: nothing is read until it is resumed.</source>
        <translation>Wedi&apos;i seibio gan swyddog: nid oes dim yn cael ei ddarllen nes iddo gael ei ailddechrau.</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Cyflwr</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Tocyn</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>wedi&apos;i hanalluogi</translation>
    </message>
    <message>
        <source>expired {span} ago</source>
        <translation>daeth i ben {span} yn ôl</translation>
    </message>
    <message>
        <source>expires in {span}</source>
        <translation>yn dod i ben ymhen {span}</translation>
    </message>
    <message>
        <source>in {span}</source>
        <translation>ymhen {span}</translation>
    </message>
    <message>
        <source>late {span}</source>
        <translation>yn hwyr {span}</translation>
    </message>
    <message>
        <source>no expiry</source>
        <translation>dim dyddiad dod i ben</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>heb ei gysylltu</translation>
    </message>
    <message>
        <source>not needed</source>
        <translation>dim angen</translation>
    </message>
    <message>
        <source>now</source>
        <translation>nawr</translation>
    </message>
    <message>
        <source>on reconnect</source>
        <translation>wrth ailgysylltu</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>wedi stopio</translation>
    </message>
    <message>
        <source>when resumed</source>
        <translation>wrth ailddechrau</translation>
    </message>
    <message>
        <source>{n} left</source>
        <translation>{n} ar ôl</translation>
    </message>
    <message>
        <source>{n} of {limit}</source>
        <translation>{n} o {limit}</translation>
    </message>
    <message>
        <source>{span} ago</source>
        <translation>{span} yn ôl</translation>
    </message>
</context>
<context>
    <name>HealthView</name>
    <message>
        <source>&amp;Connect…</source>
        <translation>&amp;Cysylltu…</translation>
    </message>
    <message>
        <source>&amp;Disconnect…</source>
        <translation>&amp;Datgysylltu…</translation>
    </message>
    <message>
        <source>&amp;Pause…</source>
        <translation>&amp;Seibio…</translation>
    </message>
    <message>
        <source>&amp;Resume…</source>
        <translation>&amp;Ailddechrau…</translation>
    </message>
    <message>
        <source>Access {countdown} ({at} UK); Cordon renews it before then.</source>
        <translation>Mynediad {countdown} ({at} y DU); mae Cordon yn ei adnewyddu cyn hynny.</translation>
    </message>
    <message>
        <source>Background sync is not running: the engine is not running</source>
        <translation>Nid yw&apos;r cysoni cefndir yn rhedeg: nid yw&apos;r peiriant yn rhedeg</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Sianeli</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Datgysylltu</translation>
    </message>
    <message>
        <source>Disconnect {name}</source>
        <translation>Datgysylltu {name}</translation>
    </message>
    <message>
        <source>How each channel&apos;s background sync stands: its inbox and metrics are read every minute, within each network&apos;s rate limit.</source>
        <translation>Cyflwr cysoni cefndir pob sianel: caiff ei mewnflwch a&apos;i metrigau eu darllen bob munud, o fewn terfyn cyfradd pob rhwydwaith.</translation>
    </message>
    <message>
        <source>Its posts fail as waiting for the reconnection and go back on the queue once it is reconnected (Reconnect…).</source>
        <translation>Mae ei negeseuon yn methu fel rhai sy&apos;n aros am ailgysylltu ac yn mynd yn ôl i&apos;r ciw unwaith y caiff ei hailgysylltu (Ailgysylltu…).</translation>
    </message>
    <message>
        <source>Only an administrator can do this.</source>
        <translation>Dim ond gweinyddwr all wneud hyn.</translation>
    </message>
    <message>
        <source>Pause sync of {name}</source>
        <translation>Seibio cysoni {name}</translation>
    </message>
    <message>
        <source>Re&amp;connect…</source>
        <translation>&amp;Ailgysylltu…</translation>
    </message>
    <message>
        <source>Read the channel&apos;s inbox now, not at its next time</source>
        <translation>Darllen mewnflwch y sianel nawr, nid ar ei hamser nesaf</translation>
    </message>
    <message>
        <source>Resume sync of {name}</source>
        <translation>Ailddechrau cysoni {name}</translation>
    </message>
    <message>
        <source>S&amp;ync now</source>
        <translation>Cysoni na&amp;wr</translation>
    </message>
    <message>
        <source>Select a channel first.</source>
        <translation>Dewiswch sianel yn gyntaf.</translation>
    </message>
    <message>
        <source>Select a channel to see its detail.</source>
        <translation>Dewiswch sianel i weld ei manylion.</translation>
    </message>
    <message>
        <source>Stay connected</source>
        <translation>Aros wedi cysylltu</translation>
    </message>
    <message>
        <source>Sync of {name} paused.</source>
        <translation>Seibiwyd cysoni {name}.</translation>
    </message>
    <message>
        <source>Sync of {name} resumed.</source>
        <translation>Ailddechreuwyd cysoni {name}.</translation>
    </message>
    <message>
        <source>Syncing {name} now.</source>
        <translation>Yn cysoni {name} nawr.</translation>
    </message>
    <message>
        <source>The channel is disabled: it neither publishes nor syncs.</source>
        <translation>Mae&apos;r sianel wedi&apos;i hanalluogi: nid yw&apos;n cyhoeddi nac yn cysoni.</translation>
    </message>
    <message>
        <source>Waiting for the network&apos;s rate limit to reset: {when}.</source>
        <translation>Yn aros i derfyn cyfradd y rhwydwaith ailosod: {when}.</translation>
    </message>
    <message>
        <source>Why? Cordon forgets its access: nothing is published or read on this channel until it is connected again.</source>
        <translation>Pam? Mae Cordon yn anghofio ei fynediad: ni chaiff dim ei gyhoeddi na&apos;i ddarllen ar y sianel hon nes iddi gael ei chysylltu eto.</translation>
    </message>
    <message>
        <source>Why? Nothing is read from this channel until it is resumed; publishing carries on.</source>
        <translation>Pam? Ni chaiff dim ei ddarllen o&apos;r sianel hon nes iddi gael ei hailddechrau; mae cyhoeddi yn parhau.</translation>
    </message>
    <message>
        <source>Why? Sync reads its inbox and metrics again at once.</source>
        <translation>Pam? Mae&apos;r cysoni yn darllen ei mewnflwch a&apos;i metrigau eto ar unwaith.</translation>
    </message>
    <message>
        <source>{name} is disconnected.</source>
        <translation>Mae {name} wedi&apos;i datgysylltu.</translation>
    </message>
    <message>
        <source>{name} on {network}: {state}.</source>
        <translation>{name} ar {network}: {state}.</translation>
    </message>
    <message>
        <source>{n} failed attempts in a row.</source>
        <translation>{n} ymgais aflwyddiannus yn olynol.</translation>
    </message>
</context>
<context>
    <name>ImageRow</name>
    <message>
        <source>Alt text of {name}</source>
        <translation>Testun amgen {name}</translation>
    </message>
    <message>
        <source>Alt text: describe {name} for people who cannot see it</source>
        <translation>Testun amgen: disgrifiwch {name} i bobl na allant ei weld</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Dileu</translation>
    </message>
</context>
<context>
    <name>InboxView</name>
    <message numerus="yes">
        <source>%Ln conversation(s) shown — {states}</source>
        <translation>
            <numerusform>%Ln sgwrs yn cael eu dangos — {states}</numerusform>
            <numerusform>%Ln sgwrs yn cael eu dangos — {states}</numerusform>
            <numerusform>%Ln sgwrs yn cael eu dangos — {states}</numerusform>
            <numerusform>%Ln sgwrs yn cael eu dangos — {states}</numerusform>
            <numerusform>%Ln sgwrs yn cael eu dangos — {states}</numerusform>
        </translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>Unrhyw bryd</translation>
    </message>
    <message>
        <source>Anyone</source>
        <translation>Unrhyw un</translation>
    </message>
    <message>
        <source>Assigned to me</source>
        <translation>Wedi&apos;u neilltuo i mi</translation>
    </message>
    <message>
        <source>Channels…</source>
        <translation>Sianeli…</translation>
    </message>
    <message>
        <source>Every channel</source>
        <translation>Pob sianel</translation>
    </message>
    <message>
        <source>Every kind</source>
        <translation>Pob math</translation>
    </message>
    <message>
        <source>Every state</source>
        <translation>Pob cyflwr</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>Mewnflwch</translation>
    </message>
    <message>
        <source>Keyword in the text or the author…</source>
        <translation>Allweddair yn y testun neu&apos;r awdur…</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Y 24 awr ddiwethaf</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Y 30 diwrnod diwethaf</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Y 7 diwrnod diwethaf</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Yr awr ddiwethaf</translation>
    </message>
    <message>
        <source>Mentions, replies, comments and direct messages sent to the force&apos;s channels arrive here as sync reads them, every minute or so. A channel that is not connected is not read: connect it in the Channels area.</source>
        <translation>Mae crybwylliadau, atebion, sylwadau a negeseuon uniongyrchol a anfonir at sianeli&apos;r heddlu yn cyrraedd yma wrth i&apos;r cysoni eu darllen, bob munud neu fwy. Ni chaiff sianel nad yw wedi&apos;i chysylltu ei darllen: cysylltwch hi yn adran y Sianeli.</translation>
    </message>
    <message>
        <source>Nothing has arrived yet</source>
        <translation>Nid oes dim wedi cyrraedd eto</translation>
    </message>
    <message>
        <source>Officer: {name}</source>
        <translation>Swyddog: {name}</translation>
    </message>
    <message>
        <source>Open the conversation</source>
        <translation>Agor y sgwrs</translation>
    </message>
    <message>
        <source>Reading the inbox needs the Duty officer, Approver or Observer role.</source>
        <translation>Mae darllen y mewnflwch angen rôl Swyddog ar ddyletswydd, Cymeradwywr neu Arsylwr.</translation>
    </message>
    <message>
        <source>Team: {name}</source>
        <translation>Tîm: {name}</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Heb ei neilltuo</translation>
    </message>
    <message>
        <source>Why are you opening it? Reading the public&apos;s words is recorded with your reason (DPA 2018 s.62).</source>
        <translation>Pam rydych chi&apos;n ei hagor? Caiff darllen geiriau&apos;r cyhoedd ei gofnodi gyda&apos;ch rheswm (DPA 2018 a.62).</translation>
    </message>
    <message>
        <source>You are the exercise&apos;s trainer: you watch the inbox and the players work it. To answer, assign or record a report yourself, sign in as a member of the team: lock the console (Ctrl+L) and sign in with their name (an administrator adds them in Settings, with the Duty officer role).</source>
        <translation>Chi yw hyfforddwr yr ymarfer: rydych chi&apos;n gwylio&apos;r mewnflwch a&apos;r chwaraewyr yn gweithio arno. I ateb, neilltuo neu gofnodi adroddiad eich hun, mewngofnodwch fel aelod o&apos;r tîm: cloi&apos;r consol (Ctrl+L) a mewngofnodi gyda&apos;u henw (mae gweinyddwr yn eu hychwanegu yn y Gosodiadau, gyda rôl Swyddog ar ddyletswydd).</translation>
    </message>
    <message>
        <source>You can read the inbox but not work it (answer, assign, add notes, change states): that needs the Duty officer or Approver role, which an administrator gives in Settings. Or lock the console (Ctrl+L) and let an officer who holds it sign in.</source>
        <translation>Gallwch ddarllen y mewnflwch ond nid gweithio arno (ateb, neilltuo, ychwanegu nodiadau, newid cyflyrau): mae hynny angen rôl Swyddog ar ddyletswydd neu Gymeradwywr, y mae gweinyddwr yn ei rhoi yn y Gosodiadau. Neu cloi&apos;r consol (Ctrl+L) a gadael i swyddog sydd â&apos;r rôl fewngofnodi.</translation>
    </message>
    <message>
        <source>{state} ({n})</source>
        <translation>{state} ({n})</translation>
    </message>
</context>
<context>
    <name>IncidentDialog</name>
    <message>
        <source>&amp;All channels</source>
        <translation>&amp;Pob sianel</translation>
    </message>
    <message>
        <source>&amp;Gold commander</source>
        <translation>Co&amp;mander aur</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Enw</translation>
    </message>
    <message>
        <source>&amp;Reference</source>
        <translation>&amp;Cyfeirnod</translation>
    </message>
    <message>
        <source>&amp;Suspend: nothing held goes out until gold decides</source>
        <translation>&amp;Atal dros dro: nid oes dim sydd wedi&apos;i atal yn mynd allan nes i aur benderfynu</translation>
    </message>
    <message>
        <source>Everything in scope is already held. Name the incident and check its scope.</source>
        <translation>Mae popeth o fewn y cwmpas eisoes wedi&apos;i atal. Enwch y digwyddiad a gwirio&apos;i gwmpas.</translation>
    </message>
    <message>
        <source>Give the incident a name and a reason.</source>
        <translation>Rhowch enw a rheswm i&apos;r digwyddiad.</translation>
    </message>
    <message>
        <source>Incident mode is engaged: name the incident</source>
        <translation>Mae modd digwyddiad wedi&apos;i gychwyn: enwch y digwyddiad</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modd</translation>
    </message>
    <message>
        <source>Re&amp;view: approvers release held posts one by one</source>
        <translation>Ad&amp;olygu: mae cymeradwywyr yn rhyddhau negeseuon sydd wedi&apos;u hatal fesul un</translation>
    </message>
    <message>
        <source>Reas&amp;on</source>
        <translation>&amp;Rheswm</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Cadw</translation>
    </message>
    <message>
        <source>Scope: what is held</source>
        <translation>Cwmpas: beth sydd wedi&apos;i atal</translation>
    </message>
    <message>
        <source>The channels of these ar&amp;eas:</source>
        <translation>Sianeli&apos;r ar&amp;daloedd hyn:</translation>
    </message>
    <message>
        <source>These &amp;channels:</source>
        <translation>Y &amp;sianeli hyn:</translation>
    </message>
    <message>
        <source>Tick at least one channel, or choose all channels.</source>
        <translation>Ticiwch o leiaf un sianel, neu dewiswch bob sianel.</translation>
    </message>
    <message>
        <source>comma-separated; known: {areas}</source>
        <translation>wedi&apos;u gwahanu gan atalnodau; rhai hysbys: {areas}</translation>
    </message>
    <message>
        <source>e.g. Eastbridge market firearms incident</source>
        <translation>e.e. digwyddiad arfau tanio marchnad Eastbridge</translation>
    </message>
</context>
<context>
    <name>IncidentView</name>
    <message numerus="yes">
        <source>%n shown</source>
        <translation>
            <numerusform>%n yn cael eu dangos</numerusform>
            <numerusform>%n yn cael eu dangos</numerusform>
            <numerusform>%n yn cael eu dangos</numerusform>
            <numerusform>%n yn cael eu dangos</numerusform>
            <numerusform>%n yn cael eu dangos</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Cancel selected…</source>
        <translation>&amp;Canslo&apos;r dewis…</translation>
    </message>
    <message>
        <source>&amp;Holding statement…</source>
        <translation>&amp;Datganiad dros dro…</translation>
    </message>
    <message>
        <source>&amp;Name and scope…</source>
        <translation>&amp;Enw a chwmpas…</translation>
    </message>
    <message>
        <source>&amp;Release…</source>
        <translation>&amp;Rhyddhau…</translation>
    </message>
    <message>
        <source>&amp;Report of the selected incident…</source>
        <translation>&amp;Adroddiad ar y digwyddiad a ddewiswyd…</translation>
    </message>
    <message>
        <source>&amp;Stand down…</source>
        <translation>&amp;Dirwyn i ben…</translation>
    </message>
    <message>
        <source>&amp;Templates…</source>
        <translation>&amp;Templedi…</translation>
    </message>
    <message>
        <source>&amp;Wall display</source>
        <translation>&amp;Sgrin wal</translation>
    </message>
    <message>
        <source>&lt;b&gt;{held}&lt;/b&gt; held · &lt;b&gt;{released}&lt;/b&gt; released · &lt;b&gt;{cancelled}&lt;/b&gt; cancelled · statements: &lt;b&gt;{sent}&lt;/b&gt; sent, {waiting} waiting, {failed} failed</source>
        <translation>&lt;b&gt;{held}&lt;/b&gt; wedi&apos;u hatal · &lt;b&gt;{released}&lt;/b&gt; wedi&apos;u rhyddhau · &lt;b&gt;{cancelled}&lt;/b&gt; wedi&apos;u canslo · datganiadau: &lt;b&gt;{sent}&lt;/b&gt; wedi&apos;u hanfon, {waiting} yn aros, {failed} wedi methu</translation>
    </message>
    <message>
        <source>&lt;b&gt;{title}&lt;/b&gt; &amp;nbsp; reference {reference} &amp;nbsp; gold {gold}</source>
        <translation>&lt;b&gt;{title}&lt;/b&gt; &amp;nbsp; cyfeirnod {reference} &amp;nbsp; aur {gold}</translation>
    </message>
    <message>
        <source>A&amp;mend…</source>
        <translation>&amp;Diwygio…</translation>
    </message>
    <message>
        <source>Amended; it stays held until released.</source>
        <translation>Wedi&apos;i diwygio; mae&apos;n aros wedi&apos;i hatal nes ei rhyddhau.</translation>
    </message>
    <message numerus="yes">
        <source>Cancel %n held post(s)</source>
        <translation>
            <numerusform>Canslo %n neges sydd wedi&apos;u hatal</numerusform>
            <numerusform>Canslo %n neges sydd wedi&apos;u hatal</numerusform>
            <numerusform>Canslo %n neges sydd wedi&apos;u hatal</numerusform>
            <numerusform>Canslo %n neges sydd wedi&apos;u hatal</numerusform>
            <numerusform>Canslo %n neges sydd wedi&apos;u hatal</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel the post</source>
        <translation>Canslo&apos;r neges</translation>
    </message>
    <message>
        <source>Cancel the posts</source>
        <translation>Canslo&apos;r negeseuon</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled %n post(s).</source>
        <translation>
            <numerusform>Canslwyd %n neges.</numerusform>
            <numerusform>Canslwyd %n neges.</numerusform>
            <numerusform>Canslwyd %n neges.</numerusform>
            <numerusform>Canslwyd %n neges.</numerusform>
            <numerusform>Canslwyd %n neges.</numerusform>
        </translation>
    </message>
    <message>
        <source>Change what is held</source>
        <translation>Newid yr hyn sydd wedi&apos;i atal</translation>
    </message>
    <message>
        <source>Engage incident mode  (Ctrl+Shift+E)</source>
        <translation>Cychwyn modd digwyddiad  (Ctrl+Shift+E)</translation>
    </message>
    <message>
        <source>Engaged {when} by {who} · mode review: approvers release held posts one by one</source>
        <translation>Cychwynnwyd {when} gan {who} · modd adolygu: mae cymeradwywyr yn rhyddhau negeseuon sydd wedi&apos;u hatal fesul un</translation>
    </message>
    <message>
        <source>Engaged {when} by {who} · mode suspend: nothing held goes out until gold switches to review</source>
        <translation>Cychwynnwyd {when} gan {who} · modd atal dros dro: nid oes dim sydd wedi&apos;i atal yn mynd allan nes i aur newid i adolygu</translation>
    </message>
    <message>
        <source>Engaging needs the Duty officer or Approver role.</source>
        <translation>Mae cychwyn angen rôl Swyddog ar ddyletswydd neu Gymeradwywr.</translation>
    </message>
    <message>
        <source>Every channel</source>
        <translation>Pob sianel</translation>
    </message>
    <message>
        <source>Handing out the incident report</source>
        <translation>Yn rhannu adroddiad y digwyddiad</translation>
    </message>
    <message>
        <source>Held posts: gold&apos;s review</source>
        <translation>Negeseuon wedi&apos;u hatal: adolygiad aur</translation>
    </message>
    <message>
        <source>Holding statement &amp;templates…</source>
        <translation>&amp;Templedi datganiadau dros dro…</translation>
    </message>
    <message numerus="yes">
        <source>Holding statement sent to %n channel(s).</source>
        <translation>
            <numerusform>Anfonwyd y datganiad dros dro i %n sianel.</numerusform>
            <numerusform>Anfonwyd y datganiad dros dro i %n sianel.</numerusform>
            <numerusform>Anfonwyd y datganiad dros dro i %n sianel.</numerusform>
            <numerusform>Anfonwyd y datganiad dros dro i %n sianel.</numerusform>
            <numerusform>Anfonwyd y datganiad dros dro i %n sianel.</numerusform>
        </translation>
    </message>
    <message>
        <source>Holding statement waiting for an approver (not you): they approve it here, under Holding statements, or in the Queue.</source>
        <translation>Datganiad dros dro yn aros am gymeradwywr (nid chi): maen nhw&apos;n ei gymeradwyo yma, o dan Datganiadau dros dro, neu yn y Ciw.</translation>
    </message>
    <message>
        <source>Holding statements pinned during the incident: {n}. Left pinned, they stay on top of their profiles and Pages.</source>
        <translation>Datganiadau dros dro a biniwyd yn ystod y digwyddiad: {n}. Os cânt eu gadael wedi&apos;u pinio, maent yn aros ar frig eu proffiliau a&apos;u Tudalennau.</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>Digwyddiad</translation>
    </message>
    <message>
        <source>Incident details saved.</source>
        <translation>Cadwyd manylion y digwyddiad.</translation>
    </message>
    <message>
        <source>Incident details saved; the scope and mode are unchanged (no reason was given for changing them).</source>
        <translation>Cadwyd manylion y digwyddiad; nid yw&apos;r cwmpas a&apos;r modd wedi newid (ni roddwyd rheswm dros eu newid).</translation>
    </message>
    <message>
        <source>Keep it held</source>
        <translation>Ei chadw wedi&apos;i hatal</translation>
    </message>
    <message>
        <source>Keep them held</source>
        <translation>Eu cadw wedi&apos;u hatal</translation>
    </message>
    <message>
        <source>Leave them pinned</source>
        <translation>Eu gadael wedi&apos;u pinio</translation>
    </message>
    <message>
        <source>Managing templates needs the Approver role.</source>
        <translation>Mae rheoli templedi angen rôl Cymeradwywr.</translation>
    </message>
    <message>
        <source>Mode is now {m}.</source>
        <translation>Y modd nawr yw {m}.</translation>
    </message>
    <message>
        <source>PDF (*.pdf);;CSV (*.csv)</source>
        <translation>PDF (*.pdf);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>Past incidents</source>
        <translation>Digwyddiadau blaenorol</translation>
    </message>
    <message>
        <source>Re&amp;port…</source>
        <translation>&amp;Adroddiad…</translation>
    </message>
    <message numerus="yes">
        <source>Released %n post(s).</source>
        <translation>
            <numerusform>Rhyddhawyd %n neges.</numerusform>
            <numerusform>Rhyddhawyd %n neges.</numerusform>
            <numerusform>Rhyddhawyd %n neges.</numerusform>
            <numerusform>Rhyddhawyd %n neges.</numerusform>
            <numerusform>Rhyddhawyd %n neges.</numerusform>
        </translation>
    </message>
    <message>
        <source>Report saved to {path}. Audit checkpoint {seq}: {hash}</source>
        <translation>Cadwyd yr adroddiad yn {path}. Pwynt gwirio archwilio {seq}: {hash}</translation>
    </message>
    <message>
        <source>Save the incident report</source>
        <translation>Cadw adroddiad y digwyddiad</translation>
    </message>
    <message>
        <source>Scope: {scope}</source>
        <translation>Cwmpas: {scope}</translation>
    </message>
    <message>
        <source>Search the held text…</source>
        <translation>Chwilio&apos;r testun sydd wedi&apos;i atal…</translation>
    </message>
    <message>
        <source>Select a&amp;ll</source>
        <translation>Dewis y &amp;cyfan</translation>
    </message>
    <message>
        <source>Select an incident first.</source>
        <translation>Dewiswch ddigwyddiad yn gyntaf.</translation>
    </message>
    <message>
        <source>Select one held post to amend.</source>
        <translation>Dewiswch un neges sydd wedi&apos;i hatal i&apos;w diwygio.</translation>
    </message>
    <message>
        <source>Select the held posts to cancel first.</source>
        <translation>Dewiswch y negeseuon sydd wedi&apos;u hatal i&apos;w canslo yn gyntaf.</translation>
    </message>
    <message>
        <source>Select the held posts to release first.</source>
        <translation>Dewiswch y negeseuon sydd wedi&apos;u hatal i&apos;w rhyddhau yn gyntaf.</translation>
    </message>
    <message>
        <source>Stand down</source>
        <translation>Dirwyn i ben</translation>
    </message>
    <message>
        <source>Stand down {name}</source>
        <translation>Dirwyn {name} i ben</translation>
    </message>
    <message>
        <source>Standing down needs the Approver role.</source>
        <translation>Mae dirwyn i ben angen rôl Cymeradwywr.</translation>
    </message>
    <message>
        <source>Stay in incident mode</source>
        <translation>Aros yn y modd digwyddiad</translation>
    </message>
    <message>
        <source>Switch to re&amp;view</source>
        <translation>Newid i &amp;adolygu</translation>
    </message>
    <message>
        <source>Switch to sus&amp;pend</source>
        <translation>Newid i &amp;atal dros dro</translation>
    </message>
    <message>
        <source>Switch to {mode}</source>
        <translation>Newid i {mode}</translation>
    </message>
    <message>
        <source>That incident has been stood down.</source>
        <translation>Mae&apos;r digwyddiad hwnnw wedi&apos;i ddirwyn i ben.</translation>
    </message>
    <message>
        <source>That post is no longer held.</source>
        <translation>Nid yw&apos;r neges honno wedi&apos;i hatal mwyach.</translation>
    </message>
    <message>
        <source>There are no templates or no enabled channels.</source>
        <translation>Nid oes templedi neu nid oes sianeli wedi&apos;u galluogi.</translation>
    </message>
    <message>
        <source>Unpin them</source>
        <translation>Eu dadbinio</translation>
    </message>
    <message>
        <source>When a critical incident breaks, one click holds every queued post on every channel at once, before anything else is asked. You then name the incident, narrow its scope if you need to, and send holding statements; gold command reviews what is held and decides on each post.</source>
        <translation>Pan fydd digwyddiad difrifol yn torri, mae un clic yn atal pob neges yn y ciw ar bob sianel ar unwaith, cyn gofyn dim arall. Yna byddwch yn enwi&apos;r digwyddiad, yn culhau ei gwmpas os oes angen, ac yn anfon datganiadau dros dro; mae rheolaeth aur yn adolygu&apos;r hyn sydd wedi&apos;i atal ac yn penderfynu ar bob neges.</translation>
    </message>
    <message>
        <source>Why is the hold&apos;s scope or mode changing? It goes in the audit trail and the incident report.</source>
        <translation>Pam mae cwmpas neu fodd yr atal yn newid? Mae&apos;n mynd i&apos;r trywydd archwilio ac i adroddiad y digwyddiad.</translation>
    </message>
    <message>
        <source>Why is the incident over? (It goes in the audit trail.)</source>
        <translation>Pam mae&apos;r digwyddiad drosodd? (Mae&apos;n mynd i&apos;r trywydd archwilio.)</translation>
    </message>
    <message>
        <source>Why? (It goes in the audit trail.)</source>
        <translation>Pam? (Mae&apos;n mynd i&apos;r trywydd archwilio.)</translation>
    </message>
    <message>
        <source>Your holding statement is no longer waiting for an approver: its state is under Holding statements.</source>
        <translation>Nid yw eich datganiad dros dro yn aros am gymeradwywr mwyach: mae ei gyflwr o dan Datganiadau dros dro.</translation>
    </message>
    <message>
        <source>Your holding statement was approved: it goes out to its channels (their states are under Holding statements).</source>
        <translation>Cafodd eich datganiad dros dro ei gymeradwyo: mae&apos;n mynd allan i&apos;w sianeli (mae eu cyflwr o dan Datganiadau dros dro).</translation>
    </message>
    <message>
        <source>{name} stood down. Its report is in the list below.</source>
        <translation>Mae {name} wedi&apos;i ddirwyn i ben. Mae ei adroddiad yn y rhestr isod.</translation>
    </message>
    <message>
        <source>{problem} They are listed above.</source>
        <translation>{problem} Maent wedi&apos;u rhestru uchod.</translation>
    </message>
    <message>
        <source>{title} · {reference} · engaged {engaged} · stood down {ended}</source>
        <translation>{title} · {reference} · cychwynnwyd {engaged} · dirwynwyd i ben {ended}</translation>
    </message>
</context>
<context>
    <name>InjectModel</name>
    <message>
        <source>At</source>
        <translation>Am</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Sianel</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Disgwyliedig</translation>
    </message>
    <message>
        <source>Fired / due</source>
        <translation>Taniwyd / dyledus</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Math</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Crynodeb</translation>
    </message>
    <message>
        <source>Team&apos;s response</source>
        <translation>Ymateb y tîm</translation>
    </message>
    <message>
        <source>due</source>
        <translation>dyledus</translation>
    </message>
    <message>
        <source>due now</source>
        <translation>dyledus nawr</translation>
    </message>
    <message>
        <source>in {span}</source>
        <translation>ymhen {span}</translation>
    </message>
    <message>
        <source>nobody yet</source>
        <translation>neb eto</translation>
    </message>
    <message>
        <source>shown to the team</source>
        <translation>dangoswyd i&apos;r tîm</translation>
    </message>
    <message>
        <source>{who} {what} after {took}</source>
        <translation>{who} {what} ar ôl {took}</translation>
    </message>
    <message numerus="yes">
        <source>{who} {what} after {took} (+%n more)</source>
        <translation>
            <numerusform>{who} {what} ar ôl {took} (+%n arall)</numerusform>
            <numerusform>{who} {what} ar ôl {took} (+%n arall)</numerusform>
            <numerusform>{who} {what} ar ôl {took} (+%n arall)</numerusform>
            <numerusform>{who} {what} ar ôl {took} (+%n arall)</numerusform>
            <numerusform>{who} {what} ar ôl {took} (+%n arall)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LibraryLayout</name>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Cadw</translation>
    </message>
    <message>
        <source>Discard the changes</source>
        <translation>Taflu&apos;r newidiadau</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Dal ati i olygu</translation>
    </message>
    <message>
        <source>The new entry is not saved. Discard it?</source>
        <translation>Nid yw&apos;r cofnod newydd wedi&apos;i gadw. Ei daflu?</translation>
    </message>
    <message>
        <source>Your changes to “{name}” are not saved. Discard them?</source>
        <translation>Nid yw eich newidiadau i “{name}” wedi&apos;u cadw. Eu taflu?</translation>
    </message>
</context>
<context>
    <name>LineChart</name>
    <message>
        <source>{name}: none</source>
        <translation>{name}: dim</translation>
    </message>
    <message>
        <source>{name}: {total} in all, most {peak} at {at}</source>
        <translation>{name}: {total} i gyd, y mwyaf {peak} am {at}</translation>
    </message>
</context>
<context>
    <name>ListeningDialog</name>
    <message>
        <source>&amp;Add rule…</source>
        <translation>&amp;Ychwanegu rheol…</translation>
    </message>
    <message>
        <source>&amp;Remove rule…</source>
        <translation>&amp;Dileu rheol…</translation>
    </message>
    <message>
        <source>Add &amp;phrase…</source>
        <translation>Ychwanegu &amp;ymadrodd…</translation>
    </message>
    <message>
        <source>Add a threat-to-life phrase</source>
        <translation>Ychwanegu ymadrodd bygythiad i fywyd</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Ychwanegwyd</translation>
    </message>
    <message>
        <source>Choose a phrase first.</source>
        <translation>Dewiswch ymadrodd yn gyntaf.</translation>
    </message>
    <message>
        <source>Choose a rule first.</source>
        <translation>Dewiswch reol yn gyntaf.</translation>
    </message>
    <message>
        <source>Every channel</source>
        <translation>Pob sianel</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Math</translation>
    </message>
    <message>
        <source>Listening and threat-to-life phrases</source>
        <translation>Gwrando ac ymadroddion bygythiad i fywyd</translation>
    </message>
    <message>
        <source>Listening for</source>
        <translation>Yn gwrando am</translation>
    </message>
    <message>
        <source>Listening rules: matching items are flagged and counted; a sudden rise raises a notice</source>
        <translation>Rheolau gwrando: caiff eitemau sy&apos;n cyfateb eu nodi a&apos;u cyfrif; mae cynnydd sydyn yn codi hysbysiad</translation>
    </message>
    <message>
        <source>No longer listening for “{value}”.</source>
        <translation>Dim yn gwrando am “{value}” mwyach.</translation>
    </message>
    <message>
        <source>Now listening for {kind} “{value}”.</source>
        <translation>Yn gwrando nawr am {kind} “{value}”.</translation>
    </message>
    <message>
        <source>On</source>
        <translation>Ar</translation>
    </message>
    <message>
        <source>Remo&amp;ve phrase…</source>
        <translation>&amp;Dileu ymadrodd…</translation>
    </message>
    <message>
        <source>Remove phrase</source>
        <translation>Dileu ymadrodd</translation>
    </message>
    <message>
        <source>Remove rule</source>
        <translation>Dileu rheol</translation>
    </message>
    <message>
        <source>The phrase (whole words; spelling variants are read as the same):</source>
        <translation>Yr ymadrodd (geiriau cyfan; caiff amrywiadau sillafu eu darllen fel yr un peth):</translation>
    </message>
    <message>
        <source>Threat-to-life phrases: an urgent alert</source>
        <translation>Ymadroddion bygythiad i fywyd: rhybudd brys</translation>
    </message>
    <message>
        <source>Why add “{text}”?</source>
        <translation>Pam ychwanegu “{text}”?</translation>
    </message>
    <message>
        <source>Why should “{text}” no longer raise an alert?</source>
        <translation>Pam na ddylai “{text}” godi rhybudd mwyach?</translation>
    </message>
    <message>
        <source>Why stop listening for “{value}”?</source>
        <translation>Pam stopio gwrando am “{value}”?</translation>
    </message>
    <message>
        <source>“{text}” no longer raises an alert.</source>
        <translation>Nid yw “{text}” yn codi rhybudd mwyach.</translation>
    </message>
    <message>
        <source>“{text}” now raises an urgent alert.</source>
        <translation>Mae “{text}” bellach yn codi rhybudd brys.</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Cyfrinair</translation>
    </message>
    <message>
        <source>&amp;User</source>
        <translation>&amp;Defnyddiwr</translation>
    </message>
    <message>
        <source>Any officer may sign in; a different officer is recorded as a shift handover.</source>
        <translation>Gall unrhyw swyddog fewngofnodi; caiff swyddog gwahanol ei gofnodi fel trosglwyddo shifft.</translation>
    </message>
    <message>
        <source>Cordon is locked</source>
        <translation>Mae Cordon wedi&apos;i gloi</translation>
    </message>
    <message>
        <source>Locked at {at} ({reason}); {name} was signed in.</source>
        <translation>Wedi&apos;i gloi am {at} ({reason}); roedd {name} wedi mewngofnodi.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Cyfrinair</translation>
    </message>
    <message>
        <source>Publishing and sync carry on while locked.</source>
        <translation>Mae cyhoeddi a chysoni yn parhau tra bo wedi&apos;i gloi.</translation>
    </message>
    <message>
        <source>The changes {name} had not saved in {window} are put away: they come back when {name} unlocks, and are discarded if another officer signs in.</source>
        <translation>Mae&apos;r newidiadau nad oedd {name} wedi&apos;u cadw yn {window} wedi&apos;u rhoi o&apos;r neilltu: dônt yn ôl pan fydd {name} yn datgloi, ac fe&apos;u teflir os bydd swyddog arall yn mewngofnodi.</translation>
    </message>
    <message>
        <source>The engine is starting: publishing is not on yet.</source>
        <translation>Mae&apos;r peiriant yn cychwyn: nid yw cyhoeddi ymlaen eto.</translation>
    </message>
    <message>
        <source>The post {name} was writing is put away, unsent: it comes back when {name} unlocks, and is discarded if another officer signs in.</source>
        <translation>Mae&apos;r neges roedd {name} yn ei hysgrifennu wedi&apos;i chadw o&apos;r neilltu, heb ei hanfon: daw&apos;n ôl pan fydd {name} yn datgloi, a chaiff ei thaflu os bydd swyddog arall yn mewngofnodi.</translation>
    </message>
    <message>
        <source>Type your user name.</source>
        <translation>Teipiwch eich enw defnyddiwr.</translation>
    </message>
    <message>
        <source>Un&amp;lock</source>
        <translation>Dat&amp;gloi</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Enw defnyddiwr</translation>
    </message>
    <message>
        <source>Whether publishing and sync carry on is not known: the team store is unreachable.</source>
        <translation>Ni wyddys a yw cyhoeddi a chysoni&apos;n parhau: dim cysylltiad â storfa&apos;r tîm.</translation>
    </message>
    <message>
        <source>{problem} Sign in to start it again.</source>
        <translation>{problem} Mewngofnodwch i&apos;w gychwyn eto.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n cancelled</source>
        <translation>
            <numerusform>%n wedi&apos;u canslo</numerusform>
            <numerusform>%n wedi&apos;u canslo</numerusform>
            <numerusform>%n wedi&apos;u canslo</numerusform>
            <numerusform>%n wedi&apos;u canslo</numerusform>
            <numerusform>%n wedi&apos;u canslo</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n held</source>
        <translation>
            <numerusform>%n wedi&apos;u hatal</numerusform>
            <numerusform>%n wedi&apos;u hatal</numerusform>
            <numerusform>%n wedi&apos;u hatal</numerusform>
            <numerusform>%n wedi&apos;u hatal</numerusform>
            <numerusform>%n wedi&apos;u hatal</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n post(s) waiting to go out in the next 24 hours.</source>
        <translation>
            <numerusform>%n neges yn aros i fynd allan yn ystod y 24 awr nesaf.</numerusform>
            <numerusform>%n neges yn aros i fynd allan yn ystod y 24 awr nesaf.</numerusform>
            <numerusform>%n neges yn aros i fynd allan yn ystod y 24 awr nesaf.</numerusform>
            <numerusform>%n neges yn aros i fynd allan yn ystod y 24 awr nesaf.</numerusform>
            <numerusform>%n neges yn aros i fynd allan yn ystod y 24 awr nesaf.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n released</source>
        <translation>
            <numerusform>%n wedi&apos;u rhyddhau</numerusform>
            <numerusform>%n wedi&apos;u rhyddhau</numerusform>
            <numerusform>%n wedi&apos;u rhyddhau</numerusform>
            <numerusform>%n wedi&apos;u rhyddhau</numerusform>
            <numerusform>%n wedi&apos;u rhyddhau</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n statement(s) sent</source>
        <translation>
            <numerusform>%n datganiad wedi&apos;u hanfon</numerusform>
            <numerusform>%n datganiad wedi&apos;u hanfon</numerusform>
            <numerusform>%n datganiad wedi&apos;u hanfon</numerusform>
            <numerusform>%n datganiad wedi&apos;u hanfon</numerusform>
            <numerusform>%n datganiad wedi&apos;u hanfon</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Cordon</source>
        <translation>&amp;Cordon</translation>
    </message>
    <message>
        <source>&amp;Engage incident mode</source>
        <translation>&amp;Cychwyn modd digwyddiad</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Mynd</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>C&amp;ymorth</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Llwybrau byr y bysellfwrdd</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>C&amp;loi</translation>
    </message>
    <message>
        <source>&amp;New post…</source>
        <translation>&amp;Neges newydd…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Gadael</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Archwilio</translation>
    </message>
    <message>
        <source>Audit {c}</source>
        <translation>Archwilio {c}</translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation>Calendr</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Sianeli</translation>
    </message>
    <message>
        <source>Composing needs the Duty officer or Approver role.</source>
        <translation>Mae ysgrifennu negeseuon angen rôl Swyddog ar ddyletswydd neu Gymeradwywr.</translation>
    </message>
    <message>
        <source>Copy the selected posts&apos; text (in the queue; cleared after 30 s)</source>
        <translation>Copïo testun y negeseuon a ddewiswyd (yn y ciw; caiff ei glirio ar ôl 30 eiliad)</translation>
    </message>
    <message>
        <source>Cordon</source>
        <translation>Cordon</translation>
    </message>
    <message>
        <source>Cordon — locked</source>
        <translation>Cordon — wedi&apos;i gloi</translation>
    </message>
    <message>
        <source>Cordon — {user}</source>
        <translation>Cordon — {user}</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Dangosfwrdd</translation>
    </message>
    <message>
        <source>E&amp;xercise (trainer)</source>
        <translation>&amp;Ymarfer (hyfforddwr)</translation>
    </message>
    <message>
        <source>EXERCISE {time}</source>
        <translation>YMARFER {time}</translation>
    </message>
    <message>
        <source>Engage incident mode</source>
        <translation>Cychwyn modd digwyddiad</translation>
    </message>
    <message>
        <source>Engaging incident mode needs the Duty officer or Approver role: ask a duty officer, or gold.</source>
        <translation>Mae cychwyn modd digwyddiad angen rôl Swyddog ar ddyletswydd neu Gymeradwywr: gofynnwch i swyddog ar ddyletswydd, neu i aur.</translation>
    </message>
    <message>
        <source>Exercise</source>
        <translation>Ymarfer</translation>
    </message>
    <message>
        <source>Hold every queued post on every channel now (Ctrl+Shift+E)</source>
        <translation>Atal pob neges yn y ciw ar bob sianel nawr (Ctrl+Shift+E)</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>Mewnflwch</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>Digwyddiad</translation>
    </message>
    <message>
        <source>Incident area</source>
        <translation>Ardal y digwyddiad</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Llwybrau byr y bysellfwrdd</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Cloi</translation>
    </message>
    <message>
        <source>Lock the console now (Ctrl+L)</source>
        <translation>Cloi&apos;r consol nawr (Ctrl+L)</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Wedi&apos;i gloi</translation>
    </message>
    <message>
        <source>NEXT UPDATE DUE (promised for {at})</source>
        <translation>Y DIWEDDARIAD NESAF YN DDYLEDUS (addawyd am {at})</translation>
    </message>
    <message>
        <source>New post</source>
        <translation>Neges newydd</translation>
    </message>
    <message>
        <source>New post (a copy)</source>
        <translation>Neges newydd (copi)</translation>
    </message>
    <message>
        <source>Newest audit entry and the start of its hash (the Audit area shows it whole)</source>
        <translation>Y cofnod archwilio diweddaraf a dechrau ei hash (mae adran yr Archwilio yn ei ddangos yn gyfan)</translation>
    </message>
    <message>
        <source>No incident engaged</source>
        <translation>Dim digwyddiad wedi&apos;i gychwyn</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Ciw</translation>
    </message>
    <message>
        <source>Queue the post (in the composer)</source>
        <translation>Rhoi&apos;r neges yn y ciw (yn y ffenestr ysgrifennu)</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Adroddiadau</translation>
    </message>
    <message>
        <source>Save the post as a draft (in the composer)</source>
        <translation>Cadw&apos;r neges fel drafft (yn y ffenestr ysgrifennu)</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Gosodiadau</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>&amp;Allgofnodi</translation>
    </message>
    <message>
        <source>Sign in / unlock (on the sign-in and lock screens)</source>
        <translation>Mewngofnodi / datgloi (ar y sgriniau mewngofnodi a chloi)</translation>
    </message>
    <message>
        <source>Signed in: {name} ({roles})</source>
        <translation>Wedi mewngofnodi: {name} ({roles})</translation>
    </message>
    <message>
        <source>Team store unreachable</source>
        <translation>Dim cysylltiad â storfa&apos;r tîm</translation>
    </message>
    <message>
        <source>The next update promised to the public is due now: send a holding statement to update it.</source>
        <translation>Mae&apos;r diweddariad nesaf a addawyd i&apos;r cyhoedd yn ddyledus nawr: anfonwch ddatganiad dros dro i&apos;w ddiweddaru.</translation>
    </message>
    <message>
        <source>There are no channels in this store yet: an administrator adds them in the Channels area.</source>
        <translation>Nid oes sianeli yn y storfa hon eto: mae gweinyddwr yn eu hychwanegu yn adran y Sianeli.</translation>
    </message>
    <message>
        <source>Training store: no live account can be reached</source>
        <translation>Storfa hyfforddi: ni ellir cyrraedd unrhyw gyfrif byw</translation>
    </message>
    <message>
        <source>UK {time}</source>
        <translation>Y DU {time}</translation>
    </message>
    <message>
        <source>Unlock first to quit: a locked console keeps publishing.</source>
        <translation>Datglowch yn gyntaf i adael: mae consol wedi&apos;i gloi yn dal ati i gyhoeddi.</translation>
    </message>
    <message>
        <source>engaged under a minute ago</source>
        <translation>wedi&apos;i gychwyn lai na munud yn ôl</translation>
    </message>
    <message>
        <source>engaged {since} ago</source>
        <translation>wedi&apos;i gychwyn {since} yn ôl</translation>
    </message>
    <message>
        <source>locked by hand</source>
        <translation>wedi&apos;i gloi â llaw</translation>
    </message>
    <message>
        <source>next update {at}</source>
        <translation>diweddariad nesaf {at}</translation>
    </message>
    <message>
        <source>no input for a while</source>
        <translation>dim mewnbwn ers tro</translation>
    </message>
    <message>
        <source>the computer is going to sleep</source>
        <translation>mae&apos;r cyfrifiadur yn mynd i gysgu</translation>
    </message>
    <message>
        <source>the computer woke from sleep</source>
        <translation>deffrodd y cyfrifiadur o gwsg</translation>
    </message>
    <message>
        <source>the desktop was locked</source>
        <translation>cafodd y bwrdd gwaith ei gloi</translation>
    </message>
</context>
<context>
    <name>ModeBanner</name>
    <message>
        <source>EXERCISE EXERCISE EXERCISE</source>
        <translation>YMARFER YMARFER YMARFER</translation>
    </message>
    <message>
        <source>INCIDENT MODE</source>
        <translation>MODD DIGWYDDIAD</translation>
    </message>
    <message>
        <source>Normal operations</source>
        <translation>Gweithrediadau arferol</translation>
    </message>
</context>
<context>
    <name>NewChannelDialog</name>
    <message>
        <source>&amp;Account</source>
        <translation>&amp;Cyfrif</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Enw</translation>
    </message>
    <message>
        <source>A&amp;rea</source>
        <translation>A&amp;rdal</translation>
    </message>
    <message>
        <source>Add a channel</source>
        <translation>Ychwanegu sianel</translation>
    </message>
    <message>
        <source>Net&amp;work</source>
        <translation>&amp;Rhwydwaith</translation>
    </message>
    <message>
        <source>e.g. Northshire Police – Kingsbridge</source>
        <translation>e.e. Heddlu Northshire – Kingsbridge</translation>
    </message>
    <message>
        <source>the account it posts as</source>
        <translation>y cyfrif y mae&apos;n postio fel</translation>
    </message>
    <message>
        <source>the force area or team, for incident holds</source>
        <translation>ardal neu dîm yr heddlu, ar gyfer ataliadau digwyddiad</translation>
    </message>
</context>
<context>
    <name>NewExerciseDialog</name>
    <message>
        <source>&amp;Again</source>
        <translation>&amp;Eto</translation>
    </message>
    <message>
        <source>&amp;Choose…</source>
        <translation>&amp;Dewis…</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Cyfrinair</translation>
    </message>
    <message>
        <source>&amp;Scenario</source>
        <translation>&amp;Senario</translation>
    </message>
    <message>
        <source>&amp;Trainer</source>
        <translation>&amp;Hyfforddwr</translation>
    </message>
    <message>
        <source>A scenario file…</source>
        <translation>Ffeil senario…</translation>
    </message>
    <message>
        <source>An exercise store plays a scenario on simulated channels on this computer only: it can never reach a live account. You will be its trainer: you run the exercise clock and add the team.</source>
        <translation>Mae storfa ymarfer yn chwarae senario ar sianeli efelychiedig ar y cyfrifiadur hwn yn unig: ni all byth gyrraedd cyfrif byw. Chi fydd ei hyfforddwr: chi sy&apos;n rhedeg cloc yr ymarfer ac yn ychwanegu&apos;r tîm.</translation>
    </message>
    <message>
        <source>C&amp;reate the exercise</source>
        <translation>C&amp;reu&apos;r ymarfer</translation>
    </message>
    <message>
        <source>Cannot read {file}: {why}</source>
        <translation>Methu darllen {file}: {why}</translation>
    </message>
    <message>
        <source>Choose a scenario</source>
        <translation>Dewiswch senario</translation>
    </message>
    <message>
        <source>Choose a scenario file (TOML).</source>
        <translation>Dewiswch ffeil senario (TOML).</translation>
    </message>
    <message>
        <source>Choose a scenario first.</source>
        <translation>Dewiswch senario yn gyntaf.</translation>
    </message>
    <message>
        <source>Creating the exercise store…</source>
        <translation>Yn creu&apos;r storfa ymarfer…</translation>
    </message>
    <message>
        <source>Exercise store file</source>
        <translation>Ffeil y storfa ymarfer</translation>
    </message>
    <message>
        <source>Give the trainer&apos;s user name: you will sign in with it.</source>
        <translation>Rhowch enw defnyddiwr yr hyfforddwr: byddwch yn mewngofnodi ag ef.</translation>
    </message>
    <message>
        <source>New training exercise — EXERCISE</source>
        <translation>Ymarfer hyfforddi newydd — YMARFER</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Cyfrinair</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>Y cyfrinair eto</translation>
    </message>
    <message>
        <source>Say where the exercise store goes.</source>
        <translation>Dywedwch ble mae&apos;r storfa ymarfer yn mynd.</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Senario</translation>
    </message>
    <message>
        <source>Scenarios (*.toml);;All files (*)</source>
        <translation>Senarios (*.toml);;Pob ffeil (*)</translation>
    </message>
    <message>
        <source>Store &amp;file</source>
        <translation>&amp;Ffeil y storfa</translation>
    </message>
    <message>
        <source>The two passwords differ: type them again.</source>
        <translation>Mae&apos;r ddau gyfrinair yn wahanol: teipiwch nhw eto.</translation>
    </message>
    <message>
        <source>There is already a store at {path}: choose another file name.</source>
        <translation>Mae storfa eisoes yn {path}: dewiswch enw ffeil arall.</translation>
    </message>
    <message>
        <source>Trainer&apos;s user name</source>
        <translation>Enw defnyddiwr yr hyfforddwr</translation>
    </message>
    <message>
        <source>{title}
{force}, {area}. {summary}
{channels} channels · {injects} injects · {hours:g} hours of exercise time</source>
        <translation>{title}
{force}, {area}. {summary}
{channels} sianel · {injects} mewnbwn · {hours:g} awr o amser ymarfer</translation>
    </message>
</context>
<context>
    <name>NewPasswordDialog</name>
    <message>
        <source>&amp;Again</source>
        <translation>&amp;Eto</translation>
    </message>
    <message>
        <source>&amp;Current password</source>
        <translation>&amp;Cyfrinair presennol</translation>
    </message>
    <message>
        <source>&amp;New password</source>
        <translation>Cyfrinair &amp;newydd</translation>
    </message>
    <message>
        <source>&amp;Why</source>
        <translation>&amp;Pam</translation>
    </message>
    <message>
        <source>Say why the password is reset: it goes in the audit trail.</source>
        <translation>Dywedwch pam mae&apos;r cyfrinair yn cael ei ailosod: mae&apos;n mynd yn y trywydd archwilio.</translation>
    </message>
    <message>
        <source>Say why the user is enabled: it goes in the audit trail.</source>
        <translation>Dywedwch pam mae&apos;r defnyddiwr yn cael ei alluogi: mae&apos;n mynd yn y trywydd archwilio.</translation>
    </message>
</context>
<context>
    <name>NewUserDialog</name>
    <message>
        <source>&amp;Again</source>
        <translation>&amp;Eto</translation>
    </message>
    <message>
        <source>&amp;Full name</source>
        <translation>Enw &amp;llawn</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Cyfrinair</translation>
    </message>
    <message>
        <source>Add a user</source>
        <translation>Ychwanegu defnyddiwr</translation>
    </message>
    <message>
        <source>Give the user at least one role.</source>
        <translation>Rhowch o leiaf un rôl i&apos;r defnyddiwr.</translation>
    </message>
    <message>
        <source>There is already a user called {name}: choose another name.</source>
        <translation>Mae defnyddiwr o&apos;r enw {name} eisoes: dewiswch enw arall.</translation>
    </message>
    <message>
        <source>User &amp;name</source>
        <translation>Enw &amp;defnyddiwr</translation>
    </message>
</context>
<context>
    <name>OfflineBanner</name>
    <message>
        <source>Offline: no channel can be reached. Posts wait and go out when the network is back.</source>
        <translation>All-lein: ni ellir cyrraedd yr un sianel. Mae negeseuon yn aros ac yn mynd allan pan fydd y rhwydwaith yn ôl.</translation>
    </message>
</context>
<context>
    <name>PostedDialog</name>
    <message>
        <source>&amp;Link</source>
        <translation>&amp;Dolen</translation>
    </message>
    <message>
        <source>&amp;Posted at</source>
        <translation>&amp;Postiwyd am</translation>
    </message>
    <message>
        <source>Posted by hand on {channel}</source>
        <translation>Postiwyd â llaw ar {channel}</translation>
    </message>
    <message>
        <source>https://… (where the site gives one)</source>
        <translation>https://… (lle mae&apos;r wefan yn rhoi un)</translation>
    </message>
</context>
<context>
    <name>Prompts</name>
    <message>
        <source>Choose another name</source>
        <translation>Dewis enw arall</translation>
    </message>
    <message>
        <source>Replace it</source>
        <translation>Ei ddisodli</translation>
    </message>
    <message>
        <source>{name} already exists. Replace it?</source>
        <translation>Mae {name} yn bodoli eisoes. Ei ddisodli?</translation>
    </message>
</context>
<context>
    <name>QueueTableModel</name>
    <message>
        <source>Author</source>
        <translation>Awdur</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Sianel</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>Neges</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Canlyniad</translation>
    </message>
    <message>
        <source>Sent back: {note}</source>
        <translation>Anfonwyd yn ôl: {note}</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Cyflwr</translation>
    </message>
    <message>
        <source>Time (UK)</source>
        <translation>Amser (y DU)</translation>
    </message>
    <message>
        <source>awaiting approval</source>
        <translation>yn aros am gymeradwyaeth</translation>
    </message>
    <message>
        <source>draft · rejected</source>
        <translation>drafft · wedi&apos;i gwrthod</translation>
    </message>
    <message>
        <source>queued · retry {n}</source>
        <translation>yn y ciw · cynnig {n}</translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message numerus="yes">
        <source>%Ln shown — {totals}</source>
        <translation>
            <numerusform>%Ln yn cael eu dangos — {totals}</numerusform>
            <numerusform>%Ln yn cael eu dangos — {totals}</numerusform>
            <numerusform>%Ln yn cael eu dangos — {totals}</numerusform>
            <numerusform>%Ln yn cael eu dangos — {totals}</numerusform>
            <numerusform>%Ln yn cael eu dangos — {totals}</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Cancel selected…</source>
        <translation>&amp;Canslo&apos;r dewis…</translation>
    </message>
    <message>
        <source>&amp;Duplicate</source>
        <translation>&amp;Dyblygu</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Golygu…</translation>
    </message>
    <message>
        <source>&amp;Import calendar…</source>
        <translation>&amp;Mewnforio…</translation>
    </message>
    <message>
        <source>&amp;New post…</source>
        <translation>&amp;Neges newydd…</translation>
    </message>
    <message>
        <source>&amp;Reschedule selected…</source>
        <translation>&amp;Aildrefnu…</translation>
    </message>
    <message>
        <source>A new post starting from the selected one</source>
        <translation>Neges newydd yn dechrau o&apos;r un a ddewiswyd</translation>
    </message>
    <message>
        <source>A&amp;pprove…</source>
        <translation>C&amp;ymeradwyo…</translation>
    </message>
    <message>
        <source>Add a channel first</source>
        <translation>Ychwanegwch sianel yn gyntaf</translation>
    </message>
    <message>
        <source>Add a channel…</source>
        <translation>Ychwanegu sianel…</translation>
    </message>
    <message>
        <source>Add the team…</source>
        <translation>Ychwanegu&apos;r tîm…</translation>
    </message>
    <message>
        <source>Adding channels needs the Administrator role.</source>
        <translation>Mae ychwanegu sianeli angen rôl Gweinyddwr.</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>Unrhyw bryd</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Cymeradwyo</translation>
    </message>
    <message numerus="yes">
        <source>Approved %n of {m}.</source>
        <translation>
            <numerusform>Cymeradwywyd %n o {m}.</numerusform>
            <numerusform>Cymeradwywyd %n o {m}.</numerusform>
            <numerusform>Cymeradwywyd %n o {m}.</numerusform>
            <numerusform>Cymeradwywyd %n o {m}.</numerusform>
            <numerusform>Cymeradwywyd %n o {m}.</numerusform>
        </translation>
    </message>
    <message>
        <source>Approved.</source>
        <translation>Cymeradwywyd.</translation>
    </message>
    <message>
        <source>Approving needs the Approver role.</source>
        <translation>Mae cymeradwyo angen rôl Cymeradwywr.</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Ffeiliau CSV (*.csv);;Pob ffeil (*)</translation>
    </message>
    <message numerus="yes">
        <source>Cancel %n target(s)</source>
        <translation>
            <numerusform>Canslo %n targed</numerusform>
            <numerusform>Canslo %n targed</numerusform>
            <numerusform>Canslo %n targed</numerusform>
            <numerusform>Canslo %n targed</numerusform>
            <numerusform>Canslo %n targed</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel the targets</source>
        <translation>Canslo&apos;r targedau</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled %n target(s).</source>
        <translation>
            <numerusform>Canslwyd %n targed.</numerusform>
            <numerusform>Canslwyd %n targed.</numerusform>
            <numerusform>Canslwyd %n targed.</numerusform>
            <numerusform>Canslwyd %n targed.</numerusform>
            <numerusform>Canslwyd %n targed.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelling needs the Duty officer or Approver role.</source>
        <translation>Mae canslo angen rôl Swyddog ar ddyletswydd neu Gymeradwywr.</translation>
    </message>
    <message>
        <source>Check a CSV content calendar, then import it</source>
        <translation>Gwirio calendr cynnwys CSV, yna ei fewnforio</translation>
    </message>
    <message>
        <source>Compose a post (Ctrl+N)</source>
        <translation>Ysgrifennu neges (Ctrl+N)</translation>
    </message>
    <message>
        <source>Composing needs the Duty officer or Approver role.</source>
        <translation>Mae ysgrifennu negeseuon angen rôl Swyddog ar ddyletswydd neu Gymeradwywr.</translation>
    </message>
    <message>
        <source>Copied; Cordon clears it from the clipboard in 30 seconds.</source>
        <translation>Wedi&apos;i gopïo; mae Cordon yn ei glirio o&apos;r clipfwrdd ymhen 30 eiliad.</translation>
    </message>
    <message>
        <source>Cordon publishes to the force&apos;s accounts (Bluesky, Facebook, X and others) and reads what the public sends them. An administrator adds each account as a channel, then adds the team: the officers who compose, approve and answer. To look round first, open the demo exercise: its channels, posts and inbox are ready.</source>
        <translation>Mae Cordon yn cyhoeddi i gyfrifon yr heddlu (Bluesky, Facebook, X ac eraill) ac yn darllen yr hyn y mae&apos;r cyhoedd yn ei anfon atynt. Mae gweinyddwr yn ychwanegu pob cyfrif fel sianel, yna&apos;n ychwanegu&apos;r tîm: y swyddogion sy&apos;n ysgrifennu, yn cymeradwyo ac yn ateb. I gael golwg gyntaf, agorwch yr ymarfer enghreifftiol: mae ei sianeli, ei negeseuon a&apos;i fewnflwch yn barod.</translation>
    </message>
    <message>
        <source>Empty</source>
        <translation>Gwag</translation>
    </message>
    <message>
        <source>Every author</source>
        <translation>Pob awdur</translation>
    </message>
    <message>
        <source>Every channel</source>
        <translation>Pob sianel</translation>
    </message>
    <message>
        <source>Every state</source>
        <translation>Pob cyflwr</translation>
    </message>
    <message numerus="yes">
        <source>Import %n row(s)</source>
        <translation>
            <numerusform>Mewnforio %n rhes</numerusform>
            <numerusform>Mewnforio %n rhes</numerusform>
            <numerusform>Mewnforio %n rhes</numerusform>
            <numerusform>Mewnforio %n rhes</numerusform>
            <numerusform>Mewnforio %n rhes</numerusform>
        </translation>
    </message>
    <message>
        <source>Import a content calendar</source>
        <translation>Mewnforio calendr cynnwys</translation>
    </message>
    <message>
        <source>Import calendar…</source>
        <translation>Mewnforio calendr…</translation>
    </message>
    <message>
        <source>Import nothing</source>
        <translation>Peidio â mewnforio dim</translation>
    </message>
    <message numerus="yes">
        <source>Import the %n good row(s) now, all together?</source>
        <translation>
            <numerusform>Mewnforio&apos;r %n rhes dda nawr, i gyd gyda&apos;i gilydd?</numerusform>
            <numerusform>Mewnforio&apos;r %n rhes dda nawr, i gyd gyda&apos;i gilydd?</numerusform>
            <numerusform>Mewnforio&apos;r %n rhes dda nawr, i gyd gyda&apos;i gilydd?</numerusform>
            <numerusform>Mewnforio&apos;r %n rhes dda nawr, i gyd gyda&apos;i gilydd?</numerusform>
            <numerusform>Mewnforio&apos;r %n rhes dda nawr, i gyd gyda&apos;i gilydd?</numerusform>
        </translation>
    </message>
    <message>
        <source>Import {file}</source>
        <translation>Mewnforio {file}</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n post(s).</source>
        <translation>
            <numerusform>Mewnforiwyd %n neges.</numerusform>
            <numerusform>Mewnforiwyd %n neges.</numerusform>
            <numerusform>Mewnforiwyd %n neges.</numerusform>
            <numerusform>Mewnforiwyd %n neges.</numerusform>
            <numerusform>Mewnforiwyd %n neges.</numerusform>
        </translation>
    </message>
    <message>
        <source>Keep them</source>
        <translation>Eu cadw</translation>
    </message>
    <message>
        <source>New post…</source>
        <translation>Neges newydd…</translation>
    </message>
    <message>
        <source>Next 30 days</source>
        <translation>Y 30 diwrnod nesaf</translation>
    </message>
    <message>
        <source>Next 7 days</source>
        <translation>Y 7 diwrnod nesaf</translation>
    </message>
    <message>
        <source>Nothing imported.</source>
        <translation>Ni fewnforiwyd dim.</translation>
    </message>
    <message>
        <source>Nothing is queued</source>
        <translation>Nid oes dim yn y ciw</translation>
    </message>
    <message>
        <source>Open the demo exercise</source>
        <translation>Agor yr ymarfer enghreifftiol</translation>
    </message>
    <message>
        <source>Past</source>
        <translation>Gorffennol</translation>
    </message>
    <message>
        <source>Posts written here, and content calendars imported from a CSV file, wait in the queue until they go out on their channels.</source>
        <translation>Mae negeseuon a ysgrifennir yma, a chalendrau cynnwys a fewnforir o ffeil CSV, yn aros yn y ciw nes iddynt fynd allan ar eu sianeli.</translation>
    </message>
    <message>
        <source>Put drafts, missed and failed posts (or queued ones) on the queue at a new time</source>
        <translation>Rhoi drafftiau, negeseuon a fethwyd ac a fethodd (neu rai yn y ciw) ar y ciw ar amser newydd</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Ciw</translation>
    </message>
    <message>
        <source>Re&amp;ject…</source>
        <translation>Gw&amp;rthod…</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Gwrthod</translation>
    </message>
    <message numerus="yes">
        <source>Rescheduled %n target(s) for {when}.</source>
        <translation>
            <numerusform>Aildrefnwyd %n targed ar gyfer {when}.</numerusform>
            <numerusform>Aildrefnwyd %n targed ar gyfer {when}.</numerusform>
            <numerusform>Aildrefnwyd %n targed ar gyfer {when}.</numerusform>
            <numerusform>Aildrefnwyd %n targed ar gyfer {when}.</numerusform>
            <numerusform>Aildrefnwyd %n targed ar gyfer {when}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved, and held at once by the incident in progress on %n channel(s): nothing goes out there until gold releases it (Incident area).</source>
        <translation>
            <numerusform>Wedi&apos;i gadw, ac wedi&apos;i atal ar unwaith gan y digwyddiad sydd ar y gweill ar %n sianel: nid oes dim yn mynd allan yno nes i aur ei rhyddhau (ardal y Digwyddiad).</numerusform>
            <numerusform>Wedi&apos;i gadw, ac wedi&apos;i atal ar unwaith gan y digwyddiad sydd ar y gweill ar %n sianel: nid oes dim yn mynd allan yno nes i aur ei rhyddhau (ardal y Digwyddiad).</numerusform>
            <numerusform>Wedi&apos;i gadw, ac wedi&apos;i atal ar unwaith gan y digwyddiad sydd ar y gweill ar %n sianel: nid oes dim yn mynd allan yno nes i aur ei rhyddhau (ardal y Digwyddiad).</numerusform>
            <numerusform>Wedi&apos;i gadw, ac wedi&apos;i atal ar unwaith gan y digwyddiad sydd ar y gweill ar %n sianel: nid oes dim yn mynd allan yno nes i aur ei rhyddhau (ardal y Digwyddiad).</numerusform>
            <numerusform>Wedi&apos;i gadw, ac wedi&apos;i atal ar unwaith gan y digwyddiad sydd ar y gweill ar %n sianel: nid oes dim yn mynd allan yno nes i aur ei rhyddhau (ardal y Digwyddiad).</numerusform>
        </translation>
    </message>
    <message>
        <source>Search the text…</source>
        <translation>Chwilio&apos;r testun…</translation>
    </message>
    <message>
        <source>Select posts awaiting approval first.</source>
        <translation>Dewiswch negeseuon sy&apos;n aros am gymeradwyaeth yn gyntaf.</translation>
    </message>
    <message>
        <source>Select the post to duplicate first.</source>
        <translation>Dewiswch y neges i&apos;w dyblygu yn gyntaf.</translation>
    </message>
    <message>
        <source>Select the post to edit first.</source>
        <translation>Dewiswch y neges i&apos;w golygu yn gyntaf.</translation>
    </message>
    <message>
        <source>Select the posts to cancel first.</source>
        <translation>Dewiswch y negeseuon i&apos;w canslo yn gyntaf.</translation>
    </message>
    <message>
        <source>Select the posts to reschedule first.</source>
        <translation>Dewiswch y negeseuon i&apos;w haildrefnu yn gyntaf.</translation>
    </message>
    <message>
        <source>Sent back to the author.</source>
        <translation>Anfonwyd yn ôl at yr awdur.</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heddiw</translation>
    </message>
    <message>
        <source>Why is it fit to publish? (It goes in the audit trail.)</source>
        <translation>Pam mae&apos;n addas i&apos;w gyhoeddi? (Mae&apos;n mynd i&apos;r trywydd archwilio.)</translation>
    </message>
    <message>
        <source>Why? Posts already sent are left alone.</source>
        <translation>Pam? Caiff negeseuon sydd eisoes wedi&apos;u hanfon eu gadael fel y maent.</translation>
    </message>
    <message>
        <source>Why? The author reads this with the post sent back.</source>
        <translation>Pam? Mae&apos;r awdur yn darllen hwn gyda&apos;r neges a anfonwyd yn ôl.</translation>
    </message>
</context>
<context>
    <name>ReleaseDialog</name>
    <message>
        <source>&amp;Now</source>
        <translation>&amp;Nawr</translation>
    </message>
    <message>
        <source>&amp;Why</source>
        <translation>&amp;Pam</translation>
    </message>
    <message>
        <source>At a new &amp;time (UK):</source>
        <translation>Ar a&amp;mser newydd (y DU):</translation>
    </message>
    <message>
        <source>At its &amp;original time (if still ahead)</source>
        <translation>Ar ei amser &amp;gwreiddiol (os yw&apos;n dal o&apos;n blaenau)</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Rhyddhau</translation>
    </message>
    <message numerus="yes">
        <source>Release %n held post(s)</source>
        <translation>
            <numerusform>Rhyddhau %n neges sydd wedi&apos;u hatal</numerusform>
            <numerusform>Rhyddhau %n neges sydd wedi&apos;u hatal</numerusform>
            <numerusform>Rhyddhau %n neges sydd wedi&apos;u hatal</numerusform>
            <numerusform>Rhyddhau %n neges sydd wedi&apos;u hatal</numerusform>
            <numerusform>Rhyddhau %n neges sydd wedi&apos;u hatal</numerusform>
        </translation>
    </message>
    <message>
        <source>Why it is fit to go out during the incident</source>
        <translation>Pam mae&apos;n addas i fynd allan yn ystod y digwyddiad</translation>
    </message>
</context>
<context>
    <name>ReplyComposer</name>
    <message>
        <source>&amp;Direct message</source>
        <translation>Neges &amp;uniongyrchol</translation>
    </message>
    <message>
        <source>&amp;Insert…</source>
        <translation>&amp;Mewnosod…</translation>
    </message>
    <message>
        <source>&amp;Manage…</source>
        <translation>&amp;Rheoli…</translation>
    </message>
    <message>
        <source>&amp;Public reply</source>
        <translation>Ateb &amp;cyhoeddus</translation>
    </message>
    <message>
        <source>&amp;Send reply</source>
        <translation>&amp;Anfon ateb</translation>
    </message>
    <message>
        <source>Add, change or retire saved replies (approvers)</source>
        <translation>Ychwanegu, newid neu dynnu&apos;n ôl atebion parod (cymeradwywyr)</translation>
    </message>
    <message>
        <source>Answered meanwhile</source>
        <translation>Atebwyd yn y cyfamser</translation>
    </message>
    <message>
        <source>Answering {who} on {channel}: “{start}”</source>
        <translation>Yn ateb {who} ar {channel}: “{start}”</translation>
    </message>
    <message>
        <source>Keep my draft</source>
        <translation>Cadw fy nrafft</translation>
    </message>
    <message>
        <source>No saved replies yet</source>
        <translation>Dim atebion parod eto</translation>
    </message>
    <message>
        <source>Not sent: your reply is kept here as it was.</source>
        <translation>Heb ei anfon: mae eich ateb yn cael ei gadw yma fel yr oedd.</translation>
    </message>
    <message>
        <source>Open a conversation to answer it.</source>
        <translation>Agorwch sgwrs i&apos;w hateb.</translation>
    </message>
    <message>
        <source>Recorded, and held by incident mode: gold decides when it goes.</source>
        <translation>Wedi&apos;i chofnodi, ac wedi&apos;i hatal gan fodd digwyddiad: aur sy&apos;n penderfynu pryd mae&apos;n mynd.</translation>
    </message>
    <message>
        <source>Recorded: it goes out in a moment.</source>
        <translation>Wedi&apos;i chofnodi: mae&apos;n mynd allan mewn eiliad.</translation>
    </message>
    <message>
        <source>Recorded; it waits for an approver: {why}.</source>
        <translation>Wedi&apos;i chofnodi; mae&apos;n aros am gymeradwywr: {why}.</translation>
    </message>
    <message>
        <source>Replying needs the Duty officer or Approver role.</source>
        <translation>Mae ateb angen rôl Swyddog ar ddyletswydd neu Gymeradwywr.</translation>
    </message>
    <message>
        <source>Saved replies: texts approvers keep ready</source>
        <translation>Atebion parod: testunau y mae cymeradwywyr yn eu cadw&apos;n barod</translation>
    </message>
    <message>
        <source>Saved reply:</source>
        <translation>Ateb parod:</translation>
    </message>
    <message>
        <source>Send mine as well</source>
        <translation>Anfon fy un i hefyd</translation>
    </message>
    <message>
        <source>Send your reply as well?</source>
        <translation>Anfon eich ateb chi hefyd?</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Yn anfon…</translation>
    </message>
    <message>
        <source>Then</source>
        <translation>Yna</translation>
    </message>
    <message>
        <source>What happens to the conversation once the reply is recorded</source>
        <translation>Beth sy&apos;n digwydd i&apos;r sgwrs unwaith y caiff yr ateb ei gofnodi</translation>
    </message>
    <message>
        <source>Write the reply…</source>
        <translation>Ysgrifennwch yr ateb…</translation>
    </message>
    <message>
        <source>close it…</source>
        <translation>ei chau…</translation>
    </message>
    <message>
        <source>keep it open</source>
        <translation>ei chadw ar agor</translation>
    </message>
    <message>
        <source>mark it answered</source>
        <translation>ei marcio fel atebwyd</translation>
    </message>
    <message>
        <source>{unit} on {network} (direct message)</source>
        <translation>{unit} ar {network} (neges uniongyrchol)</translation>
    </message>
    <message>
        <source>{unit} on {network} (public reply)</source>
        <translation>{unit} ar {network} (ateb cyhoeddus)</translation>
    </message>
    <message>
        <source>{who}, by direct message: “{text}”</source>
        <translation>{who}, drwy neges uniongyrchol: “{text}”</translation>
    </message>
    <message>
        <source>{who}, in public: “{text}”</source>
        <translation>{who}, yn gyhoeddus: “{text}”</translation>
    </message>
</context>
<context>
    <name>ReplyState</name>
    <message>
        <source>cancelled</source>
        <translation>wedi&apos;u canslo</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>drafft</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>wedi methu</translation>
    </message>
    <message>
        <source>held by incident mode</source>
        <translation>wedi&apos;i atal gan fodd digwyddiad</translation>
    </message>
    <message>
        <source>missed</source>
        <translation>wedi&apos;i fethu</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>yn y ciw</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>yn anfon</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>wedi&apos;i anfon</translation>
    </message>
    <message>
        <source>waiting for an approver</source>
        <translation>yn aros am gymeradwywr</translation>
    </message>
</context>
<context>
    <name>ReportForm</name>
    <message>
        <source>&amp;Category</source>
        <translation>&amp;Categori</translation>
    </message>
    <message>
        <source>&amp;Grade</source>
        <translation>&amp;Gradd</translation>
    </message>
    <message>
        <source>&amp;Location</source>
        <translation>&amp;Lleoliad</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>&amp;Rheswm</translation>
    </message>
    <message>
        <source>&amp;Summary</source>
        <translation>&amp;Crynodeb</translation>
    </message>
    <message>
        <source>A new grade sets a response time of {span} from when the report was recorded (the clock&apos;s start does not move).</source>
        <translation>Mae gradd newydd yn gosod amser ymateb o {span} o&apos;r adeg y cofnodwyd yr adroddiad (nid yw dechrau&apos;r cloc yn symud).</translation>
    </message>
    <message>
        <source>Change report {ref}</source>
        <translation>Newid adroddiad {ref}</translation>
    </message>
    <message>
        <source>Choose the category…</source>
        <translation>Dewiswch y categori…</translation>
    </message>
    <message>
        <source>Choose the message (or messages) the report is made from first.</source>
        <translation>Dewiswch yn gyntaf y neges (neu&apos;r negeseuon) y gwneir yr adroddiad ohoni.</translation>
    </message>
    <message>
        <source>Choose the report&apos;s category: what was reported.</source>
        <translation>Dewiswch gategori&apos;r adroddiad: beth a adroddwyd.</translation>
    </message>
    <message>
        <source>Record a report</source>
        <translation>Cofnodi adroddiad</translation>
    </message>
    <message>
        <source>Record a report from the public</source>
        <translation>Cofnodi adroddiad gan y cyhoedd</translation>
    </message>
    <message>
        <source>Record the report</source>
        <translation>Cofnodi&apos;r adroddiad</translation>
    </message>
    <message>
        <source>Report recorded</source>
        <translation>Adroddiad wedi&apos;i gofnodi</translation>
    </message>
    <message>
        <source>Report {reference}</source>
        <translation>Adroddiad {reference}</translation>
    </message>
    <message>
        <source>Report {reference} is {state}. What is it now?</source>
        <translation>Cyflwr adroddiad {reference}: {state}. Beth ydyw nawr?</translation>
    </message>
    <message>
        <source>Save a new version</source>
        <translation>Cadw fersiwn newydd</translation>
    </message>
    <message>
        <source>Say why the report changes: the reason is kept with it.</source>
        <translation>Dywedwch pam mae&apos;r adroddiad yn newid: caiff y rheswm ei gadw gydag ef.</translation>
    </message>
    <message>
        <source>THRIVE assessment (every part; “none identified” will do)</source>
        <translation>Asesiad THRIVE (pob rhan; mae “dim wedi&apos;i nodi” yn ddigon)</translation>
    </message>
    <message>
        <source>Take in &amp;every item of the conversation</source>
        <translation>Cynnwys &amp;pob eitem o&apos;r sgwrs</translation>
    </message>
    <message>
        <source>The response clock starts when you record it: respond within {span} (by {due} if recorded now).</source>
        <translation>Mae&apos;r cloc ymateb yn dechrau pan fyddwch yn ei gofnodi: ymatebwch o fewn {span} (erbyn {due} os caiff ei gofnodi nawr).</translation>
    </message>
    <message>
        <source>What was reported, in the officer&apos;s words</source>
        <translation>Beth a adroddwyd, yng ngeiriau&apos;r swyddog</translation>
    </message>
    <message>
        <source>Why is it now {state}?</source>
        <translation>Pam ei newid i “{state}”?</translation>
    </message>
    <message>
        <source>Why it changes (kept with the new version)</source>
        <translation>Pam mae&apos;n newid (caiff ei gadw gyda&apos;r fersiwn newydd)</translation>
    </message>
    <message>
        <source>e.g. outside 12 High Street, Northtown</source>
        <translation>e.e. y tu allan i 12 Stryd Fawr, Northtown</translation>
    </message>
    <message>
        <source>{grade} (respond within {span})</source>
        <translation>{grade} (ymateb o fewn {span})</translation>
    </message>
    <message>
        <source>{grade}: respond within {span}, by {due}.</source>
        <translation>{grade}: ymatebwch o fewn {span}, erbyn {due}.</translation>
    </message>
</context>
<context>
    <name>ReportWords</name>
    <message numerus="yes">
        <source>From %n item(s) of conversation {conversation}, copied exactly as received. The report gets a reference when it is recorded.</source>
        <translation>
            <numerusform>O %n eitem yn sgwrs {conversation}, wedi&apos;u copïo yn union fel y&apos;u derbyniwyd. Caiff yr adroddiad gyfeirnod pan gaiff ei gofnodi.</numerusform>
            <numerusform>O %n eitem yn sgwrs {conversation}, wedi&apos;i chopïo yn union fel y&apos;i derbyniwyd. Caiff yr adroddiad gyfeirnod pan gaiff ei gofnodi.</numerusform>
            <numerusform>O %n eitem yn sgwrs {conversation}, wedi&apos;u copïo yn union fel y&apos;u derbyniwyd. Caiff yr adroddiad gyfeirnod pan gaiff ei gofnodi.</numerusform>
            <numerusform>O %n eitem yn sgwrs {conversation}, wedi&apos;u copïo yn union fel y&apos;u derbyniwyd. Caiff yr adroddiad gyfeirnod pan gaiff ei gofnodi.</numerusform>
            <numerusform>O %n eitem yn sgwrs {conversation}, wedi&apos;u copïo yn union fel y&apos;u derbyniwyd. Caiff yr adroddiad gyfeirnod pan gaiff ei gofnodi.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Report {reference} is recorded ({category}, %n item(s) preserved as received). {due}</source>
        <translation>
            <numerusform>Mae adroddiad {reference} wedi&apos;i gofnodi ({category}, %n eitem wedi&apos;u cadw fel y&apos;u derbyniwyd). {due}</numerusform>
            <numerusform>Mae adroddiad {reference} wedi&apos;i gofnodi ({category}, %n eitem wedi&apos;i chadw fel y&apos;i derbyniwyd). {due}</numerusform>
            <numerusform>Mae adroddiad {reference} wedi&apos;i gofnodi ({category}, %n eitem wedi&apos;u cadw fel y&apos;u derbyniwyd). {due}</numerusform>
            <numerusform>Mae adroddiad {reference} wedi&apos;i gofnodi ({category}, %n eitem wedi&apos;u cadw fel y&apos;u derbyniwyd). {due}</numerusform>
            <numerusform>Mae adroddiad {reference} wedi&apos;i gofnodi ({category}, %n eitem wedi&apos;u cadw fel y&apos;u derbyniwyd). {due}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReportsModel</name>
    <message>
        <source>Category</source>
        <translation>Categori</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>Gradd</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Eitemau</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>Cofnodwyd</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Cyfeirnod</translation>
    </message>
    <message>
        <source>Response clock</source>
        <translation>Cloc ymateb</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Cyflwr</translation>
    </message>
    <message>
        <source>{state} in time</source>
        <translation>{state} mewn pryd</translation>
    </message>
    <message>
        <source>{state}, late by {span}</source>
        <translation>{state}, yn hwyr o {span}</translation>
    </message>
</context>
<context>
    <name>ReportsView</name>
    <message numerus="yes">
        <source>%n report(s)</source>
        <translation>
            <numerusform>%n adroddiad</numerusform>
            <numerusform>%n adroddiad</numerusform>
            <numerusform>%n adroddiad</numerusform>
            <numerusform>%n adroddiad</numerusform>
            <numerusform>%n adroddiad</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Listening and alerts…</source>
        <translation>&amp;Gwrando a rhybuddion…</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>&amp;Agor…</translation>
    </message>
    <message>
        <source>A report is recorded from a conversation in the Inbox: open the conversation and press Record a report…. Each report keeps its grade&apos;s response clock running here until it is answered.</source>
        <translation>Caiff adroddiad ei gofnodi o sgwrs yn y Mewnflwch: agorwch y sgwrs a phwyso Cofnodi adroddiad…. Mae pob adroddiad yn cadw cloc ymateb ei radd yn rhedeg yma nes iddo gael ei ateb.</translation>
    </message>
    <message>
        <source>As received from the network: {raw}</source>
        <translation>Fel y&apos;i derbyniwyd o&apos;r rhwydwaith: {raw}</translation>
    </message>
    <message>
        <source>C&amp;hange…</source>
        <translation>&amp;Newid…</translation>
    </message>
    <message>
        <source>Choose a report and press Open… to read it. Your reason is recorded once per report for this session.</source>
        <translation>Dewiswch adroddiad a phwyso Agor… i&apos;w ddarllen. Caiff eich rheswm ei gofnodi unwaith ar gyfer pob adroddiad yn y sesiwn hon.</translation>
    </message>
    <message>
        <source>Choose a report first.</source>
        <translation>Dewiswch adroddiad yn gyntaf.</translation>
    </message>
    <message>
        <source>Crimes and incidents reported to the force on social media, recorded to the standard of a 101 call. Opening a report is recorded with your reason; handing one over is recorded as a disclosure.</source>
        <translation>Troseddau a digwyddiadau a adroddwyd i&apos;r heddlu ar y cyfryngau cymdeithasol, wedi&apos;u cofnodi i safon galwad 101. Caiff agor adroddiad ei gofnodi gyda&apos;ch rheswm; caiff trosglwyddo un ei gofnodi fel datgeliad.</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>Allf&amp;orio…</translation>
    </message>
    <message>
        <source>Every state</source>
        <translation>Pob cyflwr</translation>
    </message>
    <message>
        <source>Export report {ref}</source>
        <translation>Allforio adroddiad {ref}</translation>
    </message>
    <message>
        <source>Handing over report {ref}</source>
        <translation>Yn trosglwyddo adroddiad {ref}</translation>
    </message>
    <message>
        <source>It is signed with the store&apos;s certificate; anyone can check it with verify_cordon.py, written beside it.</source>
        <translation>Mae wedi&apos;i lofnodi â thystysgrif y storfa; gall unrhyw un ei wirio gyda verify_cordon.py, a ysgrifennwyd wrth ei ochr.</translation>
    </message>
    <message>
        <source>Links</source>
        <translation>Dolenni</translation>
    </message>
    <message>
        <source>Listening rules (approvers) and threat-to-life phrases (administrators)</source>
        <translation>Rheolau gwrando (cymeradwywyr) ac ymadroddion bygythiad i fywyd (gweinyddwyr)</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>Lleoliad:</translation>
    </message>
    <message>
        <source>Media</source>
        <translation>Cyfryngau</translation>
    </message>
    <message>
        <source>No reports yet</source>
        <translation>Dim adroddiadau eto</translation>
    </message>
    <message>
        <source>Open report {ref}</source>
        <translation>Agor adroddiad {ref}</translation>
    </message>
    <message>
        <source>Open the inbox</source>
        <translation>Agor y mewnflwch</translation>
    </message>
    <message>
        <source>Open the report first.</source>
        <translation>Agorwch yr adroddiad yn gyntaf.</translation>
    </message>
    <message>
        <source>PDF (*.pdf);;JSON for a records system (*.json)</source>
        <translation>PDF (*.pdf);;JSON ar gyfer system gofnodion (*.json)</translation>
    </message>
    <message>
        <source>Recorded by {who} on {when}.</source>
        <translation>Cofnodwyd gan {who} ar {when}.</translation>
    </message>
    <message>
        <source>Report exported</source>
        <translation>Allforiwyd yr adroddiad</translation>
    </message>
    <message>
        <source>Report {ref} (version {v}) was written to {path} and recorded as a disclosure to {to} (audit entry #{seq}).</source>
        <translation>Ysgrifennwyd adroddiad {ref} (fersiwn {v}) i {path} a&apos;i gofnodi fel datgeliad i {to} (cofnod archwilio #{seq}).</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Adroddiadau</translation>
    </message>
    <message>
        <source>Reports are read by the desk and command</source>
        <translation>Y ddesg a&apos;r swyddogion rheoli sy&apos;n darllen adroddiadau</translation>
    </message>
    <message>
        <source>Reports from the public are read by approvers, duty officers, observers and trainers; you hold none of those roles. An administrator can give you one in Settings.</source>
        <translation>Cymeradwywyr, swyddogion ar ddyletswydd, arsylwyr a hyfforddwyr sy&apos;n darllen adroddiadau gan y cyhoedd; nid oes gennych yr un o&apos;r rolau hynny. Gall gweinyddwr roi un i chi yn y Gosodiadau.</translation>
    </message>
    <message>
        <source>Response clock: {clock} (due {due})</source>
        <translation>Cloc ymateb: {clock} (dyledus {due})</translation>
    </message>
    <message>
        <source>S&amp;tate…</source>
        <translation>&amp;Cyflwr…</translation>
    </message>
    <message>
        <source>Summary:</source>
        <translation>Crynodeb:</translation>
    </message>
    <message>
        <source>The items, exactly as received</source>
        <translation>Yr eitemau, yn union fel y&apos;u derbyniwyd</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Fersiynau</translation>
    </message>
    <message>
        <source>Why are you opening this report? (recorded in the audit trail: reading the public&apos;s personal data is a consultation)</source>
        <translation>Pam rydych chi&apos;n agor yr adroddiad hwn? (caiff ei gofnodi yn y trywydd archwilio: mae darllen data personol y cyhoedd yn ymgynghoriad)</translation>
    </message>
    <message>
        <source>category</source>
        <translation>categori</translation>
    </message>
    <message>
        <source>grade</source>
        <translation>gradd</translation>
    </message>
    <message>
        <source>location</source>
        <translation>lleoliad</translation>
    </message>
    <message>
        <source>on {channel}, written {written}, received {received}</source>
        <translation>ar {channel}, ysgrifennwyd {written}, derbyniwyd {received}</translation>
    </message>
    <message>
        <source>state</source>
        <translation>cyflwr</translation>
    </message>
    <message>
        <source>summary</source>
        <translation>crynodeb</translation>
    </message>
    <message>
        <source>time allowed to respond</source>
        <translation>yr amser a ganiateir i ymateb</translation>
    </message>
    <message>
        <source>version {n}</source>
        <translation>fersiwn {n}</translation>
    </message>
    <message>
        <source>{position}. {kind} from {name} (@{handle})</source>
        <translation>{position}. {kind} gan {name} (@{handle})</translation>
    </message>
</context>
<context>
    <name>RescheduleDialog</name>
    <message>
        <source>&amp;Why</source>
        <translation>&amp;Pam</translation>
    </message>
    <message>
        <source>New time (UK)</source>
        <translation>Amser newydd (y DU)</translation>
    </message>
    <message numerus="yes">
        <source>Reschedule %n target(s)</source>
        <translation>
            <numerusform>Aildrefnu %n targed</numerusform>
            <numerusform>Aildrefnu %n targed</numerusform>
            <numerusform>Aildrefnu %n targed</numerusform>
            <numerusform>Aildrefnu %n targed</numerusform>
            <numerusform>Aildrefnu %n targed</numerusform>
        </translation>
    </message>
    <message>
        <source>That time has passed: choose a later one.</source>
        <translation>Mae&apos;r amser hwnnw wedi mynd heibio: dewiswch un hwyrach.</translation>
    </message>
</context>
<context>
    <name>RolesDialog</name>
    <message>
        <source>&amp;Why</source>
        <translation>&amp;Pam</translation>
    </message>
    <message>
        <source>A user needs at least one role: disable them instead.</source>
        <translation>Mae angen o leiaf un rôl ar ddefnyddiwr: analluogwch nhw yn lle hynny.</translation>
    </message>
    <message>
        <source>Roles of {name}</source>
        <translation>Rolau {name}</translation>
    </message>
    <message>
        <source>Say why the roles change: it goes in the audit trail.</source>
        <translation>Dywedwch pam mae&apos;r rolau&apos;n newid: mae&apos;n mynd yn y trywydd archwilio.</translation>
    </message>
</context>
<context>
    <name>RuleForm</name>
    <message>
        <source>&amp;Kind</source>
        <translation>&amp;Math</translation>
    </message>
    <message>
        <source>&amp;On</source>
        <translation>&amp;Ar</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>&amp;Rheswm</translation>
    </message>
    <message>
        <source>&amp;Words</source>
        <translation>&amp;Geiriau</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Ardal</translation>
    </message>
    <message>
        <source>Every channel</source>
        <translation>Pob sianel</translation>
    </message>
    <message>
        <source>Hashtag</source>
        <translation>Hashnod</translation>
    </message>
    <message>
        <source>Keyword</source>
        <translation>Allweddair</translation>
    </message>
    <message>
        <source>Listen for…</source>
        <translation>Gwrando am…</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Enw</translation>
    </message>
    <message>
        <source>Phrase</source>
        <translation>Ymadrodd</translation>
    </message>
    <message>
        <source>Say why: the reason goes in the audit trail.</source>
        <translation>Dywedwch pam: mae&apos;r rheswm yn mynd i&apos;r trywydd archwilio.</translation>
    </message>
    <message>
        <source>Type what to listen for.</source>
        <translation>Teipiwch beth i wrando amdano.</translation>
    </message>
    <message>
        <source>e.g. Eastbridge market, #A140closure, Jo Smith</source>
        <translation>e.e. marchnad Eastbridge, #A140closure, Jo Smith</translation>
    </message>
    <message>
        <source>e.g. Public order event this weekend</source>
        <translation>e.e. Digwyddiad trefn gyhoeddus y penwythnos hwn</translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message>
        <source>&amp;Why</source>
        <translation>&amp;Pam</translation>
    </message>
    <message>
        <source>Approval rules: {c}</source>
        <translation>Rheolau cymeradwyo: {c}</translation>
    </message>
    <message>
        <source>holding statements</source>
        <translation>datganiadau dros dro</translation>
    </message>
    <message>
        <source>posts</source>
        <translation>negeseuon</translation>
    </message>
    <message>
        <source>replies</source>
        <translation>atebion</translation>
    </message>
    <message>
        <source>{what} need an approver</source>
        <translation>{what}: angen cymeradwywr</translation>
    </message>
</context>
<context>
    <name>SavedRepliesDialog</name>
    <message>
        <source>&amp;New saved reply</source>
        <translation>Ateb parod &amp;newydd</translation>
    </message>
    <message>
        <source>&amp;Retire…</source>
        <translation>&amp;Tynnu&apos;n ôl…</translation>
    </message>
    <message>
        <source>&amp;Text</source>
        <translation>Te&amp;stun</translation>
    </message>
    <message>
        <source>&amp;Welsh text</source>
        <translation>Testun Cym&amp;raeg</translation>
    </message>
    <message>
        <source>A new saved reply: fill it in and save.</source>
        <translation>Ateb parod newydd: llenwch ef a&apos;i gadw.</translation>
    </message>
    <message>
        <source>Choose a saved reply to retire.</source>
        <translation>Dewiswch ateb parod i&apos;w dynnu&apos;n ôl.</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>Meysydd</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>Ei gadw</translation>
    </message>
    <message>
        <source>N&amp;ame</source>
        <translation>&amp;Enw</translation>
    </message>
    <message>
        <source>Retire it</source>
        <translation>Ei dynnu&apos;n ôl</translation>
    </message>
    <message>
        <source>Retire the saved reply</source>
        <translation>Tynnu&apos;r ateb parod yn ôl</translation>
    </message>
    <message>
        <source>Retired: it is no longer offered.</source>
        <translation>Wedi&apos;i dynnu&apos;n ôl: nid yw&apos;n cael ei gynnig mwyach.</translation>
    </message>
    <message>
        <source>Saved replies</source>
        <translation>Atebion parod</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Wedi&apos;i gadw.</translation>
    </message>
    <message>
        <source>The reply in Welsh, with the same fields (inserted with the English)</source>
        <translation>Yr ateb yn Gymraeg, gyda&apos;r un meysydd (yn cael ei roi i mewn gyda&apos;r Saesneg)</translation>
    </message>
    <message>
        <source>The reply, with fields in braces: {name}, {reference}, {station}</source>
        <translation>Yr ateb, gyda meysydd mewn cromfachau cyrliog: {name}, {reference}, {station}</translation>
    </message>
    <message>
        <source>Why? (It goes in the audit trail.)</source>
        <translation>Pam? (Mae&apos;n mynd i&apos;r trywydd archwilio.)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>dim</translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <source> min</source>
        <translation> mun</translation>
    </message>
    <message>
        <source>&amp;Add user…</source>
        <translation>&amp;Ychwanegu defnyddiwr…</translation>
    </message>
    <message>
        <source>&amp;Back up the store…</source>
        <translation>&amp;Gwneud copi wrth gefn o&apos;r storfa…</translation>
    </message>
    <message>
        <source>&amp;Disable…</source>
        <translation>Analluog&amp;i…</translation>
    </message>
    <message>
        <source>&amp;Enable…</source>
        <translation>Ga&amp;lluogi…</translation>
    </message>
    <message>
        <source>&amp;Reset password…</source>
        <translation>&amp;Ailosod cyfrinair…</translation>
    </message>
    <message>
        <source>A team store is backed up with the database server&apos;s own tools</source>
        <translation>Caiff copi wrth gefn o storfa tîm ei wneud gydag offer gweinydd y gronfa ddata ei hun</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Gweithredol</translation>
    </message>
    <message>
        <source>Added {name}.</source>
        <translation>Ychwanegwyd {name}.</translation>
    </message>
    <message>
        <source>Adding {name}…</source>
        <translation>Yn ychwanegu {name}…</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Ychwanegu…</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Rhoi ar waith</translation>
    </message>
    <message>
        <source>Audit trail NOT intact: {why}</source>
        <translation>Trywydd archwilio NID yn gyfan: {why}</translation>
    </message>
    <message>
        <source>Back up the store</source>
        <translation>Gwneud copi wrth gefn o&apos;r storfa</translation>
    </message>
    <message>
        <source>Backed up to {dest} (with its key file {keys}).</source>
        <translation>Gwnaed copi wrth gefn i {dest} (gyda&apos;i ffeil allweddi {keys}).</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>Yn gwneud copi wrth gefn…</translation>
    </message>
    <message>
        <source>Bilingual posting</source>
        <translation>Cyhoeddi dwyieithog</translation>
    </message>
    <message>
        <source>Bilingual posting changed.</source>
        <translation>Newidiwyd y cyhoeddi dwyieithog.</translation>
    </message>
    <message>
        <source>Block a word or phrase</source>
        <translation>Rhwystro gair neu ymadrodd</translation>
    </message>
    <message>
        <source>Blocked words and phrases (content with them needs approval)</source>
        <translation>Geiriau ac ymadroddion wedi&apos;u rhwystro (mae cynnwys sy&apos;n eu cynnwys angen cymeradwyaeth)</translation>
    </message>
    <message>
        <source>C&amp;heck the store</source>
        <translation>G&amp;wirio&apos;r storfa</translation>
    </message>
    <message>
        <source>Change &amp;my password…</source>
        <translation>Newid fy &amp;nghyfrinair…</translation>
    </message>
    <message>
        <source>Change my password</source>
        <translation>Newid fy nghyfrinair</translation>
    </message>
    <message>
        <source>Changing your password…</source>
        <translation>Yn newid eich cyfrinair…</translation>
    </message>
    <message>
        <source>Checking every page and the audit chain…</source>
        <translation>Yn gwirio pob tudalen a&apos;r gadwyn archwilio…</translation>
    </message>
    <message>
        <source>Colour (#rrggbb)</source>
        <translation>Lliw (#rrggbb)</translation>
    </message>
    <message>
        <source>Cordon stores (*.cordon)</source>
        <translation>Storfeydd Cordon (*.cordon)</translation>
    </message>
    <message>
        <source>DAMAGED pages ({count}): {shown}. Restore from a backup.</source>
        <translation>Tudalennau WEDI&apos;U DIFROD ({count}): {shown}. Adferwch o gopi wrth gefn.</translation>
    </message>
    <message>
        <source>Disable {name}</source>
        <translation>Analluogi {name}</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Wedi&apos;i analluogi</translation>
    </message>
    <message>
        <source>Enable {name}</source>
        <translation>Galluogi {name}</translation>
    </message>
    <message>
        <source>Enabling {name}…</source>
        <translation>Yn galluogi {name}…</translation>
    </message>
    <message>
        <source>Encryption</source>
        <translation>Amgryptio</translation>
    </message>
    <message>
        <source>English first</source>
        <translation>Saesneg yn gyntaf</translation>
    </message>
    <message>
        <source>Every page&apos;s HMAC and the database structure check out.</source>
        <translation>Mae HMAC pob tudalen a strwythur y gronfa ddata yn gywir.</translation>
    </message>
    <message>
        <source>Every page&apos;s HMAC, the database structure, and the whole audit chain</source>
        <translation>HMAC pob tudalen, strwythur y gronfa ddata, a&apos;r gadwyn archwilio gyfan</translation>
    </message>
    <message>
        <source>Exercise</source>
        <translation>Ymarfer</translation>
    </message>
    <message>
        <source>Force&apos;s name</source>
        <translation>Enw&apos;r heddlu</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Enw llawn</translation>
    </message>
    <message>
        <source>Keep {name} enabled</source>
        <translation>Cadw {name} wedi&apos;i galluogi</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Math</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Iaith</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Byw</translation>
    </message>
    <message>
        <source>Locking</source>
        <translation>Cloi</translation>
    </message>
    <message>
        <source>New password for {name}</source>
        <translation>Cyfrinair newydd i {name}</translation>
    </message>
    <message>
        <source>Off: posts in one language</source>
        <translation>I ffwrdd: negeseuon mewn un iaith</translation>
    </message>
    <message>
        <source>One post holding both languages</source>
        <translation>Un neges yn dal y ddwy iaith</translation>
    </message>
    <message>
        <source>Only a disabled user can be enabled.</source>
        <translation>Dim ond defnyddiwr sydd wedi&apos;i analluogi y gellir ei alluogi.</translation>
    </message>
    <message>
        <source>Only an administrator can do this.</source>
        <translation>Dim ond gweinyddwr all wneud hyn.</translation>
    </message>
    <message>
        <source>Posts in Welsh and English</source>
        <translation>Negeseuon yn Gymraeg ac yn Saesneg</translation>
    </message>
    <message>
        <source>R&amp;oles…</source>
        <translation>&amp;Rolau…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Dileu</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Rolau</translation>
    </message>
    <message>
        <source>SQLCipher 4, AES-256, per-user Argon2id key slots</source>
        <translation>SQLCipher 4, AES-256, slotiau allwedd Argon2id i bob defnyddiwr</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Wedi&apos;i gadw.</translation>
    </message>
    <message>
        <source>Saved. Cordon shows the new language when it is next started.</source>
        <translation>Wedi&apos;i gadw. Mae Cordon yn dangos yr iaith newydd y tro nesaf y caiff ei gychwyn.</translation>
    </message>
    <message>
        <source>Saved. This Cordon was started with a language of its own (--lang or CORDON_LANG), which goes on until it is restarted without it.</source>
        <translation>Wedi&apos;i gadw. Cychwynnwyd y Cordon hwn gydag iaith ei hun (--lang neu CORDON_LANG), sy&apos;n parhau nes iddo gael ei ailgychwyn hebddi.</translation>
    </message>
    <message>
        <source>Saved: statement cards show the channel&apos;s name in {colour}.</source>
        <translation>Wedi&apos;i gadw: mae cardiau datganiad yn dangos enw&apos;r sianel yn {colour}.</translation>
    </message>
    <message>
        <source>Saved: statement cards show {name} in {colour}.</source>
        <translation>Wedi&apos;i gadw: mae cardiau datganiad yn dangos {name} yn {colour}.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Yn cadw…</translation>
    </message>
    <message>
        <source>Schema version</source>
        <translation>Fersiwn y sgema</translation>
    </message>
    <message>
        <source>Secrets sealed with AES-256-GCM under the store&apos;s data key, per-user Argon2id key slots; the server&apos;s own encryption and TLS for the rest</source>
        <translation>Cyfrinachau wedi&apos;u selio gydag AES-256-GCM dan allwedd ddata&apos;r storfa, slotiau allwedd Argon2id i bob defnyddiwr; amgryptio a TLS y gweinydd ei hun ar gyfer y gweddill</translation>
    </message>
    <message>
        <source>Select a phrase in the list first.</source>
        <translation>Dewiswch ymadrodd yn y rhestr yn gyntaf.</translation>
    </message>
    <message>
        <source>Select a user in the list first.</source>
        <translation>Dewiswch ddefnyddiwr yn y rhestr yn gyntaf.</translation>
    </message>
    <message>
        <source>Setting a new password…</source>
        <translation>Yn gosod cyfrinair newydd…</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Gosodiadau</translation>
    </message>
    <message>
        <source>Show Cordon in</source>
        <translation>Dangos Cordon yn</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Cyflwr</translation>
    </message>
    <message>
        <source>Statement cards (the image a text becomes on Instagram)</source>
        <translation>Cardiau datganiad (y ddelwedd y mae testun yn troi&apos;n un ar Instagram)</translation>
    </message>
    <message>
        <source>Store file</source>
        <translation>Ffeil y storfa</translation>
    </message>
    <message>
        <source>Store id</source>
        <translation>Dynodydd y storfa</translation>
    </message>
    <message>
        <source>Team store</source>
        <translation>Storfa&apos;r tîm</translation>
    </message>
    <message>
        <source>The audit trail could not be read: {why}</source>
        <translation>Nid oedd modd darllen y trywydd archwilio: {why}</translation>
    </message>
    <message>
        <source>The choice could not be saved ({error}); nothing changed.</source>
        <translation>Nid oedd modd cadw&apos;r dewis ({error}); ni newidiodd dim.</translation>
    </message>
    <message numerus="yes">
        <source>The console locks after %n minute(s) without input.</source>
        <translation>
            <numerusform>Mae&apos;r consol yn cloi ar ôl %n munud heb fewnbwn.</numerusform>
            <numerusform>Mae&apos;r consol yn cloi ar ôl %n munud heb fewnbwn.</numerusform>
            <numerusform>Mae&apos;r consol yn cloi ar ôl %n munud heb fewnbwn.</numerusform>
            <numerusform>Mae&apos;r consol yn cloi ar ôl %n munud heb fewnbwn.</numerusform>
            <numerusform>Mae&apos;r consol yn cloi ar ôl %n munud heb fewnbwn.</numerusform>
        </translation>
    </message>
    <message>
        <source>The store</source>
        <translation>Y storfa</translation>
    </message>
    <message>
        <source>Two linked posts (the second a reply where the network has them)</source>
        <translation>Dwy neges gysylltiedig (yr ail yn ateb lle mae gan y rhwydwaith atebion)</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Defnyddiwr</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Defnyddwyr</translation>
    </message>
    <message>
        <source>Welsh first</source>
        <translation>Cymraeg yn gyntaf</translation>
    </message>
    <message>
        <source>Which language goes first</source>
        <translation>Pa iaith sy&apos;n mynd yn gyntaf</translation>
    </message>
    <message>
        <source>Why? {name} will no longer be able to sign in; their history stays.</source>
        <translation>Pam? Ni fydd {name} yn gallu mewngofnodi mwyach; mae eu hanes yn aros.</translation>
    </message>
    <message>
        <source>Word or phrase:</source>
        <translation>Gair neu ymadrodd:</translation>
    </message>
    <message>
        <source>Your password is changed.</source>
        <translation>Mae eich cyfrinair wedi&apos;i newid.</translation>
    </message>
    <message>
        <source>the channel&apos;s name</source>
        <translation>enw&apos;r sianel</translation>
    </message>
    <message>
        <source>{kind}, shared by every console on it (PostgreSQL)</source>
        <translation>{kind}, wedi&apos;i rhannu gan bob consol arni (PostgreSQL)</translation>
    </message>
    <message>
        <source>{name} has a new password.</source>
        <translation>Mae gan {name} gyfrinair newydd.</translation>
    </message>
    <message>
        <source>{name} is disabled.</source>
        <translation>Mae {name} wedi&apos;i analluogi.</translation>
    </message>
    <message>
        <source>{name} is disabled: enable them first.</source>
        <translation>Mae {name} wedi&apos;i analluogi: galluogwch nhw yn gyntaf.</translation>
    </message>
    <message>
        <source>{name} is enabled again and signs in with the new password.</source>
        <translation>Mae {name} wedi&apos;i alluogi eto ac yn mewngofnodi gyda&apos;r cyfrinair newydd.</translation>
    </message>
    <message>
        <source>{name}&apos;s roles changed.</source>
        <translation>Newidiwyd rolau {name}.</translation>
    </message>
</context>
<context>
    <name>SignInScreen</name>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Pori…</translation>
    </message>
    <message>
        <source>&amp;Create a new store…</source>
        <translation>C&amp;reu storfa newydd…</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Cyfrinair</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Mewngofnodi</translation>
    </message>
    <message>
        <source>&amp;User</source>
        <translation>&amp;Defnyddiwr</translation>
    </message>
    <message>
        <source>A store file, or a team store&apos;s address: postgresql://USER@HOST/DATABASE</source>
        <translation>Ffeil storfa, neu gyfeiriad storfa tîm: postgresql://USER@HOST/DATABASE</translation>
    </message>
    <message>
        <source>Cordon</source>
        <translation>Cordon</translation>
    </message>
    <message>
        <source>Cordon stores (*{suffix});;All files (*)</source>
        <translation>Storfeydd Cordon (*{suffix});;Pob ffeil (*)</translation>
    </message>
    <message>
        <source>Cordon — sign in</source>
        <translation>Cordon — mewngofnodi</translation>
    </message>
    <message>
        <source>Exercise store: it can never reach a live account.</source>
        <translation>Storfa ymarfer: ni all byth gyrraedd cyfrif byw.</translation>
    </message>
    <message>
        <source>Incident communications console</source>
        <translation>Consol cyfathrebu digwyddiadau</translation>
    </message>
    <message>
        <source>Live store, encrypted.</source>
        <translation>Storfa fyw, wedi&apos;i hamgryptio.</translation>
    </message>
    <message>
        <source>Make an exercise store from a scenario: simulated channels only</source>
        <translation>Gwneud storfa ymarfer o senario: sianeli efelychiedig yn unig</translation>
    </message>
    <message>
        <source>New training e&amp;xercise…</source>
        <translation>&amp;Ymarfer hyfforddi newydd…</translation>
    </message>
    <message>
        <source>Open a Cordon store</source>
        <translation>Agor storfa Cordon</translation>
    </message>
    <message>
        <source>Open the &amp;demo exercise store</source>
        <translation>Agor y storfa ymarfer &amp;enghreifftiol</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Cyfrinair</translation>
    </message>
    <message>
        <source>S&amp;tore</source>
        <translation>&amp;Storfa</translation>
    </message>
    <message>
        <source>Sign-in message</source>
        <translation>Neges mewngofnodi</translation>
    </message>
    <message>
        <source>Store file or team store URL</source>
        <translation>Ffeil storfa neu URL storfa tîm</translation>
    </message>
    <message>
        <source>Team store on {where}: sign in with your own name and password.</source>
        <translation>Storfa tîm ar {where}: mewngofnodwch gyda&apos;ch enw a&apos;ch cyfrinair eich hun.</translation>
    </message>
    <message>
        <source>The demo exercise store: sign in as {user}, password {password} (gold command: {gold}, password {gold_password}).</source>
        <translation>Y storfa ymarfer enghreifftiol: mewngofnodwch fel {user}, cyfrinair {password} (rheolaeth aur: {gold}, cyfrinair {gold_password}).</translation>
    </message>
    <message>
        <source>There is no store at this path yet. Create one, or look around in the demo exercise store.</source>
        <translation>Nid oes storfa yn y llwybr hwn eto. Crëwch un, neu edrychwch o gwmpas yn y storfa ymarfer enghreifftiol.</translation>
    </message>
    <message>
        <source>Type your user name.</source>
        <translation>Teipiwch eich enw defnyddiwr.</translation>
    </message>
    <message>
        <source>Unlocking…</source>
        <translation>Yn datgloi…</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Enw defnyddiwr</translation>
    </message>
</context>
<context>
    <name>StatementDialog</name>
    <message>
        <source> (pre-approved)</source>
        <translation> (wedi&apos;i gymeradwyo ymlaen llaw)</translation>
    </message>
    <message>
        <source>&amp;Template</source>
        <translation>&amp;Templed</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Sianeli</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>Meysydd</translation>
    </message>
    <message>
        <source>Fill in {fields}.</source>
        <translation>Llenwch {fields}.</translation>
    </message>
    <message>
        <source>Goes out as the statement card beside this, with the text as its caption and alt text.</source>
        <translation>Yn mynd allan fel y cerdyn datganiad wrth ochr hwn, gyda&apos;r testun yn gapsiwn ac yn destun amgen iddo.</translation>
    </message>
    <message>
        <source>Not pre-approved: an approver who is not you must approve it first.</source>
        <translation>Heb ei gymeradwyo ymlaen llaw: rhaid i gymeradwywr nad yw&apos;n chi ei gymeradwyo yn gyntaf.</translation>
    </message>
    <message>
        <source>Nothing was sent: say which {time} the reminder is for.</source>
        <translation>Ni anfonwyd dim: dywedwch ar gyfer pa {time} y mae&apos;r nodyn atgoffa.</translation>
    </message>
    <message>
        <source>Pre-approved by gold: it goes out as soon as you send it.</source>
        <translation>Wedi&apos;i gymeradwyo ymlaen llaw gan aur: mae&apos;n mynd allan cyn gynted ag y byddwch yn ei anfon.</translation>
    </message>
    <message>
        <source>Preview, per channel</source>
        <translation>Rhagolwg, fesul sianel</translation>
    </message>
    <message>
        <source>Put right what the preview marks first</source>
        <translation>Cywirwch yn gyntaf yr hyn y mae&apos;r rhagolwg yn ei farcio</translation>
    </message>
    <message>
        <source>Read the preview of each channel first.</source>
        <translation>Darllenwch ragolwg pob sianel yn gyntaf.</translation>
    </message>
    <message>
        <source>Remind me when the next update is due:</source>
        <translation>Atgoffwch fi pan fydd y diweddariad nesaf yn ddyledus:</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Anfon</translation>
    </message>
    <message>
        <source>Send a holding statement</source>
        <translation>Anfon datganiad dros dro</translation>
    </message>
    <message numerus="yes">
        <source>Send for approval (%n channel(s))</source>
        <translation>
            <numerusform>Anfon i&apos;w gymeradwyo (%n sianel)</numerusform>
            <numerusform>Anfon i&apos;w gymeradwyo (%n sianel)</numerusform>
            <numerusform>Anfon i&apos;w gymeradwyo (%n sianel)</numerusform>
            <numerusform>Anfon i&apos;w gymeradwyo (%n sianel)</numerusform>
            <numerusform>Anfon i&apos;w gymeradwyo (%n sianel)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Send now to %n channel(s)</source>
        <translation>
            <numerusform>Anfon nawr i %n sianel</numerusform>
            <numerusform>Anfon nawr i %n sianel</numerusform>
            <numerusform>Anfon nawr i %n sianel</numerusform>
            <numerusform>Anfon nawr i %n sianel</numerusform>
            <numerusform>Anfon nawr i %n sianel</numerusform>
        </translation>
    </message>
    <message>
        <source>Tick at least one channel.</source>
        <translation>Ticiwch o leiaf un sianel.</translation>
    </message>
    <message>
        <source>Waiting for the preview of each channel</source>
        <translation>Yn aros am ragolwg pob sianel</translation>
    </message>
    <message>
        <source>{used} of {limit} {unit}</source>
        <translation>{used} o {limit} {unit}</translation>
    </message>
</context>
<context>
    <name>StatementsPanel</name>
    <message>
        <source> · pinned</source>
        <translation> · wedi&apos;i binio</translation>
    </message>
    <message>
        <source> · pinning…</source>
        <translation> · yn pinio…</translation>
    </message>
    <message>
        <source> · unpinned</source>
        <translation> · wedi&apos;i dadbinio</translation>
    </message>
    <message>
        <source> · unpinning…</source>
        <translation> · yn dadbinio…</translation>
    </message>
    <message numerus="yes">
        <source>%n post(s) still scheduled on {channels}: Cordon keeps trying.</source>
        <translation>
            <numerusform>Mae %n neges yn dal wedi&apos;u hamserlennu ar {channels}: mae Cordon yn dal ati i geisio.</numerusform>
            <numerusform>Mae %n neges yn dal wedi&apos;u hamserlennu ar {channels}: mae Cordon yn dal ati i geisio.</numerusform>
            <numerusform>Mae %n neges yn dal wedi&apos;u hamserlennu ar {channels}: mae Cordon yn dal ati i geisio.</numerusform>
            <numerusform>Mae %n neges yn dal wedi&apos;u hamserlennu ar {channels}: mae Cordon yn dal ati i geisio.</numerusform>
            <numerusform>Mae %n neges yn dal wedi&apos;u hamserlennu ar {channels}: mae Cordon yn dal ati i geisio.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Approve statement…</source>
        <translation>&amp;Cymeradwyo&apos;r datganiad…</translation>
    </message>
    <message>
        <source>&amp;Unpin</source>
        <translation>&amp;Dadbinio</translation>
    </message>
    <message>
        <source>Approve the selected statement awaiting approval: it goes out at once (four eyes: not one you wrote)</source>
        <translation>Cymeradwyo&apos;r datganiad a ddewiswyd sy&apos;n aros am gymeradwyaeth: mae&apos;n mynd allan ar unwaith (pedwar llygad: nid un a ysgrifennoch chi)</translation>
    </message>
    <message>
        <source>Approve the statement</source>
        <translation>Cymeradwyo&apos;r datganiad</translation>
    </message>
    <message>
        <source>Approved: the statement goes out now.</source>
        <translation>Cymeradwywyd: mae&apos;r datganiad yn mynd allan nawr.</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Sianel</translation>
    </message>
    <message>
        <source>Holding statements</source>
        <translation>Datganiadau dros dro</translation>
    </message>
    <message>
        <source>Not pinned: {why}</source>
        <translation>Heb ei binio: {why}</translation>
    </message>
    <message>
        <source>Not unpinned: {why}</source>
        <translation>Heb ei ddadbinio: {why}</translation>
    </message>
    <message>
        <source>Pi&amp;n selected statement</source>
        <translation>&amp;Pinio&apos;r datganiad a ddewiswyd</translation>
    </message>
    <message>
        <source>Pin it to the top of the profile or Page, where the network can</source>
        <translation>Ei binio i frig y proffil neu&apos;r Dudalen, lle gall y rhwydwaith</translation>
    </message>
    <message numerus="yes">
        <source>Pinning %n statement(s): the result shows in the list.</source>
        <translation>
            <numerusform>Yn pinio %n datganiad: mae&apos;r canlyniad yn ymddangos yn y rhestr.</numerusform>
            <numerusform>Yn pinio %n datganiad: mae&apos;r canlyniad yn ymddangos yn y rhestr.</numerusform>
            <numerusform>Yn pinio %n datganiad: mae&apos;r canlyniad yn ymddangos yn y rhestr.</numerusform>
            <numerusform>Yn pinio %n datganiad: mae&apos;r canlyniad yn ymddangos yn y rhestr.</numerusform>
            <numerusform>Yn pinio %n datganiad: mae&apos;r canlyniad yn ymddangos yn y rhestr.</numerusform>
        </translation>
    </message>
    <message>
        <source>Post</source>
        <translation>Neges</translation>
    </message>
    <message>
        <source>Posts scheduled with a network&apos;s own tools: each is kept here, held, and removed from the network&apos;s schedule.</source>
        <translation>Negeseuon a amserlennwyd gydag offer y rhwydwaith ei hun: caiff pob un ei chadw yma, ei hatal, a&apos;i thynnu o amserlen y rhwydwaith.</translation>
    </message>
    <message>
        <source>Pulled back from the networks&apos; own schedulers</source>
        <translation>Wedi&apos;u tynnu&apos;n ôl o amserlenwyr y rhwydweithiau eu hunain</translation>
    </message>
    <message>
        <source>Removed from the network&apos;s schedule; held here</source>
        <translation>Wedi&apos;i thynnu o amserlen y rhwydwaith; wedi&apos;i hatal yma</translation>
    </message>
    <message>
        <source>Removing from the network&apos;s schedule…</source>
        <translation>Yn tynnu o amserlen y rhwydwaith…</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Canlyniad</translation>
    </message>
    <message>
        <source>STILL SCHEDULED on the network: {e} (trying again)</source>
        <translation>YN DAL WEDI&apos;I HAMSERLENNU ar y rhwydwaith: {e} (yn rhoi cynnig arall)</translation>
    </message>
    <message>
        <source>Select a pinned statement first.</source>
        <translation>Dewiswch ddatganiad wedi&apos;i binio yn gyntaf.</translation>
    </message>
    <message>
        <source>Select a statement awaiting approval first.</source>
        <translation>Dewiswch ddatganiad sy&apos;n aros am gymeradwyaeth yn gyntaf.</translation>
    </message>
    <message>
        <source>Select a statement that has gone out first.</source>
        <translation>Dewiswch ddatganiad sydd wedi mynd allan yn gyntaf.</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Cyflwr</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>Datganiad</translation>
    </message>
    <message>
        <source>Take a pinned statement off the top again</source>
        <translation>Tynnu datganiad wedi&apos;i binio oddi ar y brig eto</translation>
    </message>
    <message numerus="yes">
        <source>Unpinning %n statement(s): the result shows in the list.</source>
        <translation>
            <numerusform>Yn dadbinio %n datganiad: mae&apos;r canlyniad yn ymddangos yn y rhestr.</numerusform>
            <numerusform>Yn dadbinio %n datganiad: mae&apos;r canlyniad yn ymddangos yn y rhestr.</numerusform>
            <numerusform>Yn dadbinio %n datganiad: mae&apos;r canlyniad yn ymddangos yn y rhestr.</numerusform>
            <numerusform>Yn dadbinio %n datganiad: mae&apos;r canlyniad yn ymddangos yn y rhestr.</numerusform>
            <numerusform>Yn dadbinio %n datganiad: mae&apos;r canlyniad yn ymddangos yn y rhestr.</numerusform>
        </translation>
    </message>
    <message>
        <source>Was due (UK)</source>
        <translation>Roedd yn ddyledus (y DU)</translation>
    </message>
    <message>
        <source>Why is it fit to publish? (It goes in the audit trail.)</source>
        <translation>Pam mae&apos;n addas i&apos;w gyhoeddi? (Mae&apos;n mynd i&apos;r trywydd archwilio.)</translation>
    </message>
    <message>
        <source>awaiting approval</source>
        <translation>yn aros am gymeradwyaeth</translation>
    </message>
    <message>
        <source>{channel}&apos;s own schedule could not be read: {e}</source>
        <translation>Nid oedd modd darllen amserlen {channel} ei hun: {e}</translation>
    </message>
</context>
<context>
    <name>StoreInstance</name>
    <message>
        <source>Cordon is already open on {name} in another window on this computer: it has been brought to the front. One window per store.</source>
        <translation>Mae Cordon eisoes ar agor ar {name} mewn ffenestr arall ar y cyfrifiadur hwn: mae wedi&apos;i dwyn i&apos;r blaen. Un ffenestr i bob storfa.</translation>
    </message>
</context>
<context>
    <name>SurgeNotice</name>
    <message>
        <source>Dismiss</source>
        <translation>Diystyru</translation>
    </message>
    <message>
        <source>Hide this notice (it comes back if a new rise starts)</source>
        <translation>Cuddio&apos;r hysbysiad hwn (mae&apos;n dod yn ôl os bydd cynnydd newydd yn dechrau)</translation>
    </message>
</context>
<context>
    <name>SyncSummaryLabel</name>
    <message numerus="yes">
        <source>%n degraded</source>
        <translation>
            <numerusform>%n yn ddiffygiol</numerusform>
            <numerusform>%n yn ddiffygiol</numerusform>
            <numerusform>%n yn ddiffygiol</numerusform>
            <numerusform>%n yn ddiffygiol</numerusform>
            <numerusform>%n yn ddiffygiol</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n late</source>
        <translation>
            <numerusform>%n yn hwyr</numerusform>
            <numerusform>%n yn hwyr</numerusform>
            <numerusform>%n yn hwyr</numerusform>
            <numerusform>%n yn hwyr</numerusform>
            <numerusform>%n yn hwyr</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n need(s) reconnect</source>
        <translation>
            <numerusform>%n angen ailgysylltu</numerusform>
            <numerusform>%n angen ailgysylltu</numerusform>
            <numerusform>%n angen ailgysylltu</numerusform>
            <numerusform>%n angen ailgysylltu</numerusform>
            <numerusform>%n angen ailgysylltu</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n offline</source>
        <translation>
            <numerusform>%n all-lein</numerusform>
            <numerusform>%n all-lein</numerusform>
            <numerusform>%n all-lein</numerusform>
            <numerusform>%n all-lein</numerusform>
            <numerusform>%n all-lein</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ok</source>
        <translation>
            <numerusform>%n iawn</numerusform>
            <numerusform>%n iawn</numerusform>
            <numerusform>%n iawn</numerusform>
            <numerusform>%n iawn</numerusform>
            <numerusform>%n iawn</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n paused</source>
        <translation>
            <numerusform>%n wedi&apos;u seibio</numerusform>
            <numerusform>%n wedi&apos;u seibio</numerusform>
            <numerusform>%n wedi&apos;u seibio</numerusform>
            <numerusform>%n wedi&apos;u seibio</numerusform>
            <numerusform>%n wedi&apos;u seibio</numerusform>
        </translation>
    </message>
    <message>
        <source>Background sync of every channel&apos;s inbox and metrics</source>
        <translation>Cysoni cefndir mewnflwch a metrigau pob sianel</translation>
    </message>
    <message>
        <source>Sync: no channels to sync</source>
        <translation>Cysoni: dim sianeli i&apos;w cysoni</translation>
    </message>
    <message>
        <source>Sync: not known (team store unreachable)</source>
        <translation>Cysoni: anhysbys (dim cysylltiad â storfa&apos;r tîm)</translation>
    </message>
    <message>
        <source>Sync: stopped (the engine is not running)</source>
        <translation>Cysoni: wedi stopio (nid yw&apos;r peiriant yn rhedeg)</translation>
    </message>
    <message>
        <source>Sync: {states}</source>
        <translation>Cysoni: {states}</translation>
    </message>
    <message>
        <source>degraded</source>
        <translation>diffygiol</translation>
    </message>
    <message>
        <source>needs reconnect</source>
        <translation>angen ailgysylltu</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>all-lein</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>iawn</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>wedi&apos;i seibio</translation>
    </message>
    <message>
        <source>{channel}: {state}</source>
        <translation>{channel}: {state}</translation>
    </message>
    <message>
        <source>{channel}: {state} (late)</source>
        <translation>{channel}: {state} (yn hwyr)</translation>
    </message>
    <message>
        <source>{summary} · OFFLINE</source>
        <translation>{summary} · ALL-LEIN</translation>
    </message>
</context>
<context>
    <name>Tasks</name>
    <message>
        <source>Something went wrong that Cordon did not expect ({kind}). Nothing was changed by the step that failed; the details are in {log}.</source>
        <translation>Aeth rhywbeth o&apos;i le nad oedd Cordon yn ei ddisgwyl ({kind}). Ni newidiwyd dim gan y cam a fethodd; mae&apos;r manylion yn {log}.</translation>
    </message>
    <message>
        <source>the log</source>
        <translation>y log</translation>
    </message>
</context>
<context>
    <name>TemplateLibrary</name>
    <message>
        <source>&amp;New template</source>
        <translation>Templed &amp;newydd</translation>
    </message>
    <message>
        <source>&amp;Pre-approve…</source>
        <translation>Cymeradwyo &amp;ymlaen llaw…</translation>
    </message>
    <message>
        <source>&amp;Retire…</source>
        <translation>&amp;Tynnu&apos;n ôl…</translation>
    </message>
    <message>
        <source>&amp;Text (every network)</source>
        <translation>Te&amp;stun (pob rhwydwaith)</translation>
    </message>
    <message>
        <source>&amp;Welsh text</source>
        <translation>Testun Cym&amp;raeg</translation>
    </message>
    <message>
        <source>A duty officer may then send it without an approver. Never the approver who last changed its words.</source>
        <translation>Gall swyddog ar ddyletswydd wedyn ei anfon heb gymeradwywr. Byth y cymeradwywr a newidiodd ei eiriau ddiwethaf.</translation>
    </message>
    <message>
        <source>A new template: fill it in and save.</source>
        <translation>Templed newydd: llenwch ef a&apos;i gadw.</translation>
    </message>
    <message>
        <source>Approval</source>
        <translation>Cymeradwyaeth</translation>
    </message>
    <message>
        <source>Choose a template to retire.</source>
        <translation>Dewiswch dempled i&apos;w dynnu&apos;n ôl.</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>Meysydd</translation>
    </message>
    <message>
        <source>Holding statement templates</source>
        <translation>Templedi datganiadau dros dro</translation>
    </message>
    <message>
        <source>Incident t&amp;ype</source>
        <translation>&amp;Math o ddigwyddiad</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>Ei gadw</translation>
    </message>
    <message>
        <source>N&amp;ame</source>
        <translation>&amp;Enw</translation>
    </message>
    <message>
        <source>Not pre-approved (save it first).</source>
        <translation>Heb ei gymeradwyo ymlaen llaw (cadwch ef yn gyntaf).</translation>
    </message>
    <message>
        <source>Not pre-approved: each statement from it needs an approver.</source>
        <translation>Heb ei gymeradwyo ymlaen llaw: mae pob datganiad ohono angen cymeradwywr.</translation>
    </message>
    <message>
        <source>Only if the text above is too long for it</source>
        <translation>Dim ond os yw&apos;r testun uchod yn rhy hir iddi</translation>
    </message>
    <message>
        <source>Pre-approval withdrawn.</source>
        <translation>Tynnwyd y gymeradwyaeth ymlaen llaw yn ôl.</translation>
    </message>
    <message>
        <source>Pre-approve</source>
        <translation>Cymeradwyo ymlaen llaw</translation>
    </message>
    <message>
        <source>Pre-approved by {name}: a duty officer sends it at once.</source>
        <translation>Wedi&apos;i gymeradwyo ymlaen llaw gan {name}: mae swyddog ar ddyletswydd yn ei anfon ar unwaith.</translation>
    </message>
    <message>
        <source>Pre-approved.</source>
        <translation>Wedi&apos;i gymeradwyo ymlaen llaw.</translation>
    </message>
    <message>
        <source>Retire it</source>
        <translation>Ei dynnu&apos;n ôl</translation>
    </message>
    <message>
        <source>Retire the template</source>
        <translation>Tynnu&apos;r templed yn ôl</translation>
    </message>
    <message>
        <source>Retired: it is no longer offered.</source>
        <translation>Wedi&apos;i dynnu&apos;n ôl: nid yw&apos;n cael ei gynnig mwyach.</translation>
    </message>
    <message>
        <source>Save or discard your changes first: pre-approval is of the saved words.</source>
        <translation>Cadwch neu taflwch eich newidiadau yn gyntaf: mae rhag-gymeradwyo ar gyfer y geiriau a gadwyd.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Wedi&apos;i gadw.</translation>
    </message>
    <message>
        <source>The statement in Welsh, with the same fields (sent beside the English when the force posts in both languages)</source>
        <translation>Y datganiad yn Gymraeg, gyda&apos;r un meysydd (yn cael ei anfon wrth ochr y Saesneg pan fydd yr heddlu&apos;n cyhoeddi yn y ddwy iaith)</translation>
    </message>
    <message>
        <source>The statement, with fields in braces: {location}, {reference}, {next_update}</source>
        <translation>Y datganiad, gyda meysydd mewn cromfachau cyrliog: {location}, {reference}, {next_update}</translation>
    </message>
    <message>
        <source>Why? (It goes in the audit trail.)</source>
        <translation>Pam? (Mae&apos;n mynd i&apos;r trywydd archwilio.)</translation>
    </message>
    <message>
        <source>With&amp;draw pre-approval…</source>
        <translation>Tynnu&apos;r gymeradwyaeth ymlaen llaw yn ô&amp;l…</translation>
    </message>
    <message>
        <source>Withdraw pre-approval</source>
        <translation>Tynnu&apos;r gymeradwyaeth ymlaen llaw yn ôl</translation>
    </message>
    <message>
        <source>e.g. Flooding, Firearms, Road closure</source>
        <translation>e.e. Llifogydd, Arfau tanio, Cau ffordd</translation>
    </message>
    <message>
        <source>none</source>
        <translation>dim</translation>
    </message>
    <message>
        <source>{network} text</source>
        <translation>Testun {network}</translation>
    </message>
</context>
<context>
    <name>ThreatAlerts</name>
    <message>
        <source>A message on {channel} holds {phrases}. Why are you reading it? (recorded with your name in the audit trail)</source>
        <translation>Mae neges ar {channel} yn cynnwys {phrases}. Pam rydych chi&apos;n ei darllen? (caiff ei gofnodi gyda&apos;ch enw yn y trywydd archwilio)</translation>
    </message>
    <message>
        <source>Acknowledge the alert</source>
        <translation>Cydnabod y rhybudd</translation>
    </message>
    <message>
        <source>Raised {time}. Acknowledge it to read the message and send the standard reply directing the person to 999.</source>
        <translation>Codwyd {time}. Cydnabyddwch ef i ddarllen y neges ac anfon yr ateb safonol sy&apos;n cyfeirio&apos;r person at 999.</translation>
    </message>
    <message>
        <source>Read the message (recorded with your reason) and answer it</source>
        <translation>Darllen y neges (wedi&apos;i chofnodi gyda&apos;ch rheswm) a&apos;i hateb</translation>
    </message>
    <message numerus="yes">
        <source>THREAT TO LIFE: %n urgent alert(s) open</source>
        <translation>
            <numerusform>BYGYTHIAD I FYWYD: %n rhybudd brys ar agor</numerusform>
            <numerusform>BYGYTHIAD I FYWYD: %n rhybudd brys ar agor</numerusform>
            <numerusform>BYGYTHIAD I FYWYD: %n rhybudd brys ar agor</numerusform>
            <numerusform>BYGYTHIAD I FYWYD: %n rhybudd brys ar agor</numerusform>
            <numerusform>BYGYTHIAD I FYWYD: %n rhybudd brys ar agor</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>THREAT TO LIFE: %n urgent alert(s). Oldest: a message on {channel} holds {phrases}</source>
        <translation>
            <numerusform>BYGYTHIAD I FYWYD: %n rhybudd brys. Yr hynaf: mae neges ar {channel} yn cynnwys {phrases}</numerusform>
            <numerusform>BYGYTHIAD I FYWYD: %n rhybudd brys. Yr hynaf: mae neges ar {channel} yn cynnwys {phrases}</numerusform>
            <numerusform>BYGYTHIAD I FYWYD: %n rhybudd brys. Yr hynaf: mae neges ar {channel} yn cynnwys {phrases}</numerusform>
            <numerusform>BYGYTHIAD I FYWYD: %n rhybudd brys. Yr hynaf: mae neges ar {channel} yn cynnwys {phrases}</numerusform>
            <numerusform>BYGYTHIAD I FYWYD: %n rhybudd brys. Yr hynaf: mae neges ar {channel} yn cynnwys {phrases}</numerusform>
        </translation>
    </message>
    <message>
        <source>THREAT TO LIFE: a message on {channel} holds {phrases}</source>
        <translation>BYGYTHIAD I FYWYD: mae neges ar {channel} yn cynnwys {phrases}</translation>
    </message>
    <message>
        <source>Unlock the console to read and answer it.</source>
        <translation>Datglowch y consol i&apos;w ddarllen a&apos;i ateb.</translation>
    </message>
</context>
<context>
    <name>ThreatBanner</name>
    <message>
        <source>&amp;Acknowledge…</source>
        <translation>&amp;Cydnabod…</translation>
    </message>
    <message>
        <source>+ {n} more</source>
        <translation>+ {n} arall</translation>
    </message>
    <message>
        <source>Read the message (recorded with your reason) and answer it</source>
        <translation>Darllen y neges (wedi&apos;i chofnodi gyda&apos;ch rheswm) a&apos;i hateb</translation>
    </message>
</context>
<context>
    <name>ThreatReplyDialog</name>
    <message>
        <source>&amp;Send again</source>
        <translation>&amp;Anfon eto</translation>
    </message>
    <message>
        <source>&amp;Send the standard reply</source>
        <translation>&amp;Anfon yr ateb safonol</translation>
    </message>
    <message>
        <source>Already answered: {replies}</source>
        <translation>Wedi&apos;i ateb eisoes: {replies}</translation>
    </message>
    <message>
        <source>Choose how to answer: in public or by direct message.</source>
        <translation>Dewiswch sut i ateb: yn gyhoeddus neu drwy neges uniongyrchol.</translation>
    </message>
    <message>
        <source>Not sent: a colleague has answered.</source>
        <translation>Heb ei anfon: mae cydweithiwr wedi ateb.</translation>
    </message>
    <message>
        <source>Not sent: {why}</source>
        <translation>Heb ei anfon: {why}</translation>
    </message>
    <message>
        <source>Recorded, but held by the incident in progress: it goes when gold releases it.</source>
        <translation>Wedi&apos;i chofnodi, ond wedi&apos;i hatal gan y digwyddiad sydd ar waith: mae&apos;n mynd pan fydd aur yn ei rhyddhau.</translation>
    </message>
    <message>
        <source>Recorded: sending now. A reply to a threat to life is not held by the incident in progress.</source>
        <translation>Wedi&apos;i gofnodi: yn anfon nawr. Nid yw ateb i fygythiad i fywyd yn cael ei atal gan y digwyddiad sydd ar y gweill.</translation>
    </message>
    <message>
        <source>Recorded: sending now…</source>
        <translation>Wedi&apos;i chofnodi: yn anfon nawr…</translation>
    </message>
    <message>
        <source>Recorded; it waits for an approver ({why}).</source>
        <translation>Wedi&apos;i chofnodi; mae&apos;n aros am gymeradwywr ({why}).</translation>
    </message>
    <message>
        <source>Recording the reply…</source>
        <translation>Yn cofnodi&apos;r ateb…</translation>
    </message>
    <message>
        <source>Reply in &amp;public, under the message</source>
        <translation>Ateb yn &amp;gyhoeddus, o dan y neges</translation>
    </message>
    <message>
        <source>Send a &amp;direct message to the author</source>
        <translation>Anfon neges &amp;uniongyrchol at yr awdur</translation>
    </message>
    <message>
        <source>Sending it again…</source>
        <translation>Yn ei anfon eto…</translation>
    </message>
    <message>
        <source>Sent by direct message.</source>
        <translation>Anfonwyd drwy neges uniongyrchol.</translation>
    </message>
    <message>
        <source>Sent in public.</source>
        <translation>Anfonwyd yn gyhoeddus.</translation>
    </message>
    <message>
        <source>The reply FAILED: the network refused it. Send it again to try once more.</source>
        <translation>METHODD yr ateb: gwrthododd y rhwydwaith ef. Anfonwch ef eto i roi cynnig arall arni.</translation>
    </message>
    <message>
        <source>The reply FAILED: {error} Send it again to try once more.</source>
        <translation>METHODD yr ateb: {error} Anfonwch ef eto i roi cynnig arall arni.</translation>
    </message>
    <message>
        <source>The standard reply, directing the person to 999</source>
        <translation>Yr ateb safonol, sy&apos;n cyfeirio&apos;r person at 999</translation>
    </message>
    <message>
        <source>Threat-to-life alert: the message</source>
        <translation>Rhybudd bygythiad i fywyd: y neges</translation>
    </message>
    <message>
        <source>Written {written} · phrase found: {phrases} · acknowledged by {who} at {at}</source>
        <translation>Ysgrifennwyd {written} · ymadrodd a gafwyd: {phrases} · cydnabuwyd gan {who} am {at}</translation>
    </message>
    <message>
        <source>{kind} from {author} on {channel}</source>
        <translation>{kind} gan {author} ar {channel}</translation>
    </message>
</context>
<context>
    <name>TimeEntry</name>
    <message>
        <source>The first (summer time)</source>
        <translation>Y cyntaf (amser haf)</translation>
    </message>
    <message>
        <source>The second (winter time)</source>
        <translation>Yr ail (amser gaeaf)</translation>
    </message>
    <message>
        <source>Which 01:00-02:00?</source>
        <translation>Pa 01:00-02:00?</translation>
    </message>
</context>
<context>
    <name>TrainerView</name>
    <message numerus="yes">
        <source>%n holding statement(s) sent.</source>
        <translation>
            <numerusform>Anfonwyd %n datganiad dros dro.</numerusform>
            <numerusform>Anfonwyd %n datganiad dros dro.</numerusform>
            <numerusform>Anfonwyd %n datganiad dros dro.</numerusform>
            <numerusform>Anfonwyd %n datganiad dros dro.</numerusform>
            <numerusform>Anfonwyd %n datganiad dros dro.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n post(s) went out that should have been held.</source>
        <translation>
            <numerusform>Aeth %n neges allan a ddylai fod wedi&apos;u hatal.</numerusform>
            <numerusform>Aeth %n neges allan a ddylai fod wedi&apos;u hatal.</numerusform>
            <numerusform>Aeth %n neges allan a ddylai fod wedi&apos;u hatal.</numerusform>
            <numerusform>Aeth %n neges allan a ddylai fod wedi&apos;u hatal.</numerusform>
            <numerusform>Aeth %n neges allan a ddylai fod wedi&apos;u hatal.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n report(s) raised.</source>
        <translation>
            <numerusform>Codwyd %n adroddiad.</numerusform>
            <numerusform>Codwyd %n adroddiad.</numerusform>
            <numerusform>Codwyd %n adroddiad.</numerusform>
            <numerusform>Codwyd %n adroddiad.</numerusform>
            <numerusform>Codwyd %n adroddiad.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Debrief…</source>
        <translation>Ô&amp;l-drafodaeth…</translation>
    </message>
    <message>
        <source>&amp;End…</source>
        <translation>&amp;Gorffen…</translation>
    </message>
    <message>
        <source>&amp;Jump to…</source>
        <translation>&amp;Neidio i…</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Seibio</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Ailddechrau</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Dechrau</translation>
    </message>
    <message>
        <source>Debrief written to {file}.</source>
        <translation>Ysgrifennwyd yr ôl-drafodaeth i {file}.</translation>
    </message>
    <message>
        <source>End the exercise</source>
        <translation>Gorffen yr ymarfer</translation>
    </message>
    <message>
        <source>End the exercise now? Its clock stops for good; the debrief stays.</source>
        <translation>Gorffen yr ymarfer nawr? Mae ei gloc yn stopio am byth; mae&apos;r ôl-drafodaeth yn aros.</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Wedi dod i ben</translation>
    </message>
    <message>
        <source>Exercise</source>
        <translation>Ymarfer</translation>
    </message>
    <message>
        <source>Exercise time</source>
        <translation>Amser yr ymarfer</translation>
    </message>
    <message>
        <source>Exercise: {title}</source>
        <translation>Ymarfer: {title}</translation>
    </message>
    <message>
        <source>Export the debrief</source>
        <translation>Allforio&apos;r ôl-drafodaeth</translation>
    </message>
    <message>
        <source>First sign {at} ({inject}); incident mode engaged by {who} after {after}.</source>
        <translation>Yr arwydd cyntaf {at} ({inject}); cychwynnwyd modd digwyddiad gan {who} ar ôl {after}.</translation>
    </message>
    <message>
        <source>First sign {at} ({inject}); incident mode not engaged yet.</source>
        <translation>Yr arwydd cyntaf {at} ({inject}); nid yw modd digwyddiad wedi&apos;i gychwyn eto.</translation>
    </message>
    <message>
        <source>Handing out the debrief</source>
        <translation>Yn rhannu&apos;r ôl-drafodaeth</translation>
    </message>
    <message>
        <source>Jump forward to (time after the start, e.g. +2h30m):</source>
        <translation>Neidio ymlaen i (amser ar ôl y dechrau, e.e. +2h30m):</translation>
    </message>
    <message>
        <source>Jump the exercise clock</source>
        <translation>Neidio cloc yr ymarfer</translation>
    </message>
    <message>
        <source>Jumping to {to}: %p% (injects and posts on the way happen in order)</source>
        <translation>Yn neidio i {to}: %p% (mae mewnbynnau a negeseuon ar y ffordd yn digwydd yn eu trefn)</translation>
    </message>
    <message>
        <source>Jumping to {to}…</source>
        <translation>Yn neidio i {to}…</translation>
    </message>
    <message>
        <source>Keep it running</source>
        <translation>Ei gadw&apos;n rhedeg</translation>
    </message>
    <message>
        <source>No first sign of the incident yet.</source>
        <translation>Dim arwydd cyntaf o&apos;r digwyddiad eto.</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>Heb ddechrau</translation>
    </message>
    <message>
        <source>Not started: Start runs it at {speed:g}x</source>
        <translation>Heb ddechrau: mae Dechrau yn ei redeg ar {speed:g}x</translation>
    </message>
    <message>
        <source>Not started: Start runs it from {offset} at {speed:g}x</source>
        <translation>Heb ddechrau: mae Dechrau yn ei redeg o {offset} ar {speed:g}x</translation>
    </message>
    <message>
        <source>Only the exercise&apos;s trainer controls it.</source>
        <translation>Dim ond hyfforddwr yr ymarfer sy&apos;n ei reoli.</translation>
    </message>
    <message>
        <source>PDF (*.pdf);;CSV (*.csv)</source>
        <translation>PDF (*.pdf);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Wedi&apos;i seibio</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Yn rhedeg</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Cyflymder</translation>
    </message>
    <message>
        <source>The exercise clock is paused.</source>
        <translation>Mae cloc yr ymarfer wedi&apos;i seibio.</translation>
    </message>
    <message>
        <source>The exercise clock jumped to {at}.</source>
        <translation>Neidiodd cloc yr ymarfer i {at}.</translation>
    </message>
    <message>
        <source>The exercise clock runs again.</source>
        <translation>Mae cloc yr ymarfer yn rhedeg eto.</translation>
    </message>
    <message>
        <source>The exercise clock runs at {speed:g}x.</source>
        <translation>Mae cloc yr ymarfer yn rhedeg ar {speed:g}x.</translation>
    </message>
    <message>
        <source>The exercise clock will run at {speed:g}x once started.</source>
        <translation>Bydd cloc yr ymarfer yn rhedeg ar {speed:g}x unwaith y bydd wedi dechrau.</translation>
    </message>
    <message>
        <source>The exercise has ended.</source>
        <translation>Mae&apos;r ymarfer wedi dod i ben.</translation>
    </message>
    <message>
        <source>The exercise has started.</source>
        <translation>Mae&apos;r ymarfer wedi dechrau.</translation>
    </message>
    <message>
        <source>This exercise store holds no scenario.</source>
        <translation>Nid oes senario yn y storfa ymarfer hon.</translation>
    </message>
    <message>
        <source>Writing the debrief…</source>
        <translation>Yn ysgrifennu&apos;r ôl-drafodaeth…</translation>
    </message>
    <message>
        <source>{state} at {speed:g}x</source>
        <translation>{state} ar {speed:g}x</translation>
    </message>
    <message>
        <source>“{text}” is not a time after the start: write it as +2h30m.</source>
        <translation>Nid yw “{text}” yn amser ar ôl y dechrau: ysgrifennwch ef fel +2h30m.</translation>
    </message>
</context>
<context>
    <name>TrainerWords</name>
    <message numerus="yes">
        <source>{elapsed} of {duration} gone; {fired} of %n inject(s) fired.</source>
        <translation>
            <numerusform>{elapsed} o {duration} wedi mynd heibio; {fired} o %n mewnbwn wedi&apos;u tanio.</numerusform>
            <numerusform>{elapsed} o {duration} wedi mynd heibio; {fired} o %n mewnbwn wedi&apos;u tanio.</numerusform>
            <numerusform>{elapsed} o {duration} wedi mynd heibio; {fired} o %n mewnbwn wedi&apos;u tanio.</numerusform>
            <numerusform>{elapsed} o {duration} wedi mynd heibio; {fired} o %n mewnbwn wedi&apos;u tanio.</numerusform>
            <numerusform>{elapsed} o {duration} wedi mynd heibio; {fired} o %n mewnbwn wedi&apos;u tanio.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UnreachableBanner</name>
    <message>
        <source>Team store unreachable: the database server at {where} has not answered since {since}. What you see is as it was then; changes are refused until it answers. Cordon reconnects by itself.</source>
        <translation>Dim cysylltiad â storfa&apos;r tîm: nid yw gweinydd y gronfa ddata yn {where} wedi ateb ers {since}. Mae&apos;r hyn a welwch fel yr oedd bryd hynny; caiff newidiadau eu gwrthod nes iddo ateb. Mae Cordon yn ailgysylltu ohono&apos;i hun.</translation>
    </message>
</context>
<context>
    <name>WaitCountdown</name>
    <message>
        <source>Wait {n} s</source>
        <translation>Arhoswch {n} e</translation>
    </message>
</context>
<context>
    <name>WallDisplay</name>
    <message>
        <source>Approvers release held posts one by one</source>
        <translation>Cymeradwywyr sy&apos;n rhyddhau negeseuon wedi&apos;u hatal fesul un</translation>
    </message>
    <message>
        <source>Console locked</source>
        <translation>Consol wedi&apos;i gloi</translation>
    </message>
    <message>
        <source>Cordon — wall display</source>
        <translation>Cordon — sgrin wal</translation>
    </message>
    <message>
        <source>Gold: {name}</source>
        <translation>Aur: {name}</translation>
    </message>
    <message>
        <source>INCIDENT MODE</source>
        <translation>MODD DIGWYDDIAD</translation>
    </message>
    <message>
        <source>No incident engaged</source>
        <translation>Dim digwyddiad wedi&apos;i gychwyn</translation>
    </message>
    <message>
        <source>Normal operations</source>
        <translation>Gweithrediadau arferol</translation>
    </message>
    <message>
        <source>Suspended until gold decides</source>
        <translation>Wedi&apos;i atal dros dro nes i aur benderfynu</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>wedi&apos;u canslo</translation>
    </message>
    <message>
        <source>held</source>
        <translation>wedi&apos;u hatal</translation>
    </message>
    <message>
        <source>released</source>
        <translation>wedi&apos;u rhyddhau</translation>
    </message>
    <message>
        <source>statements sent</source>
        <translation>datganiadau wedi&apos;u hanfon</translation>
    </message>
</context>
<context>
    <name>_Form</name>
    <message>
        <source>Roles</source>
        <translation>Rolau</translation>
    </message>
    <message>
        <source>The two passwords differ: type them again.</source>
        <translation>Mae&apos;r ddau gyfrinair yn wahanol: teipiwch nhw eto.</translation>
    </message>
</context>
<context>
    <name>faults</name>
    <message>
        <source>Cordon</source>
        <translation>Cordon</translation>
    </message>
</context>
</TS>
