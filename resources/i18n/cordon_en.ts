<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
<context>
    <name>AuditView</name>
    <message numerus="yes">
        <source>%Ln entry(s)</source>
        <translation>
            <numerusform>%Ln entry</numerusform>
            <numerusform>%Ln entries</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln entry(s) to {file}; checkpoint #{seq} beside it.</source>
        <translation>
            <numerusform>Exported %Ln entry to {file}; checkpoint #{seq} beside it.</numerusform>
            <numerusform>Exported %Ln entries to {file}; checkpoint #{seq} beside it.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Intact: %Ln entry(s), newest hash {h}.</source>
        <translation>
            <numerusform>Intact: %Ln entry, newest hash {h}.</numerusform>
            <numerusform>Intact: %Ln entries, newest hash {h}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AuthorView</name>
    <message numerus="yes">
        <source>%n item(s): {kinds}.</source>
        <translation>
            <numerusform>%n item: {kinds}.</numerusform>
            <numerusform>%n items: {kinds}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>In %n conversation(s).</source>
        <translation>
            <numerusform>In %n conversation.</numerusform>
            <numerusform>In %n conversations.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CheckWords</name>
    <message numerus="yes">
        <source>Audit trail intact: %Ln entry(s).</source>
        <translation>
            <numerusform>Audit trail intact: %Ln entry.</numerusform>
            <numerusform>Audit trail intact: %Ln entries.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message numerus="yes">
        <source>%n of them held by the incident in progress, for review.</source>
        <translation>
            <numerusform>%n of them is held by the incident in progress, for review.</numerusform>
            <numerusform>%n of them are held by the incident in progress, for review.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n post(s) waiting for this channel went back on the queue.</source>
        <translation>
            <numerusform>%n post that was waiting for this channel went back on the queue.</numerusform>
            <numerusform>%n posts that were waiting for this channel went back on the queue.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n post(s)&apos; time passed while it was disconnected: now missed; reschedule or cancel them in the Queue.</source>
        <translation>
            <numerusform>%n post&apos;s time passed while it was disconnected: it is now missed; reschedule or cancel it in the Queue.</numerusform>
            <numerusform>%n posts&apos; time passed while it was disconnected: they are now missed; reschedule or cancel them in the Queue.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConversationPane</name>
    <message numerus="yes">
        <source>%n new item(s) arrived: open the conversation again to read them.</source>
        <translation>
            <numerusform>%n new item arrived: open the conversation again to read it.</numerusform>
            <numerusform>%n new items arrived: open the conversation again to read them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>⚑ %n item(s) flagged by listening rules.</source>
        <translation>
            <numerusform>⚑ %n item flagged by listening rules.</numerusform>
            <numerusform>⚑ %n items flagged by listening rules.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConversationTableModel</name>
    <message numerus="yes">
        <source>%n item(s) flagged by listening rules: {rules}.</source>
        <translation>
            <numerusform>%n item flagged by listening rules: {rules}.</numerusform>
            <numerusform>%n items flagged by listening rules: {rules}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n threat-to-life alert(s), acknowledged.</source>
        <translation>
            <numerusform>%n threat-to-life alert, acknowledged.</numerusform>
            <numerusform>%n threat-to-life alerts, acknowledged.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Threat to life or risk of harm: %n alert(s) not yet acknowledged. Read it now.</source>
        <translation>
            <numerusform>Threat to life or risk of harm: %n alert not yet acknowledged. Read it now.</numerusform>
            <numerusform>Threat to life or risk of harm: %n alerts not yet acknowledged. Read it now.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n report(s)</source>
        <translation>
            <numerusform>%n report</numerusform>
            <numerusform>%n reports</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n report(s) made in this span.</source>
        <translation>
            <numerusform>%n report made in this span.</numerusform>
            <numerusform>%n reports made in this span.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InboxView</name>
    <message numerus="yes">
        <source>%Ln conversation(s) shown — {states}</source>
        <translation>
            <numerusform>%Ln conversation shown — {states}</numerusform>
            <numerusform>%Ln conversations shown — {states}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>IncidentView</name>
    <message numerus="yes">
        <source>%n shown</source>
        <translation>
            <numerusform>%n shown</numerusform>
            <numerusform>%n shown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancel %n held post(s)</source>
        <translation>
            <numerusform>Cancel the held post</numerusform>
            <numerusform>Cancel %n held posts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled %n post(s).</source>
        <translation>
            <numerusform>Cancelled %n post.</numerusform>
            <numerusform>Cancelled %n posts.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Holding statement sent to %n channel(s).</source>
        <translation>
            <numerusform>Holding statement sent to %n channel.</numerusform>
            <numerusform>Holding statement sent to %n channels.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Released %n post(s).</source>
        <translation>
            <numerusform>Released %n post.</numerusform>
            <numerusform>Released %n posts.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InjectModel</name>
    <message numerus="yes">
        <source>{who} {what} after {took} (+%n more)</source>
        <translation>
            <numerusform>{who} {what} after {took} (+%n more)</numerusform>
            <numerusform>{who} {what} after {took} (+%n more)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n cancelled</source>
        <translation>
            <numerusform>%n cancelled</numerusform>
            <numerusform>%n cancelled</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n held</source>
        <translation>
            <numerusform>%n held</numerusform>
            <numerusform>%n held</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n post(s) waiting to go out in the next 24 hours.</source>
        <translation>
            <numerusform>%n post is waiting to go out in the next 24 hours.</numerusform>
            <numerusform>%n posts are waiting to go out in the next 24 hours.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n released</source>
        <translation>
            <numerusform>%n released</numerusform>
            <numerusform>%n released</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n statement(s) sent</source>
        <translation>
            <numerusform>%n statement sent</numerusform>
            <numerusform>%n statements sent</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message numerus="yes">
        <source>%Ln shown — {totals}</source>
        <translation>
            <numerusform>%Ln shown — {totals}</numerusform>
            <numerusform>%Ln shown — {totals}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Approved %n of {m}.</source>
        <translation>
            <numerusform>Approved %n of {m}.</numerusform>
            <numerusform>Approved %n of {m}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancel %n target(s)</source>
        <translation>
            <numerusform>Cancel %n target</numerusform>
            <numerusform>Cancel %n targets</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled %n target(s).</source>
        <translation>
            <numerusform>Cancelled %n target.</numerusform>
            <numerusform>Cancelled %n targets.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Import %n row(s)</source>
        <translation>
            <numerusform>Import %n row</numerusform>
            <numerusform>Import %n rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Import the %n good row(s) now, all together?</source>
        <translation>
            <numerusform>Import the %n good row now, all together?</numerusform>
            <numerusform>Import the %n good rows now, all together?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n post(s).</source>
        <translation>
            <numerusform>Imported %n post.</numerusform>
            <numerusform>Imported %n posts.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Rescheduled %n target(s) for {when}.</source>
        <translation>
            <numerusform>Rescheduled %n target for {when}.</numerusform>
            <numerusform>Rescheduled %n targets for {when}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved, and held at once by the incident in progress on %n channel(s): nothing goes out there until gold releases it (Incident area).</source>
        <translation>
            <numerusform>Saved, and held at once by the incident in progress on %n channel: nothing goes out there until gold releases it (Incident area).</numerusform>
            <numerusform>Saved, and held at once by the incident in progress on %n channels: nothing goes out there until gold releases it (Incident area).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReleaseDialog</name>
    <message numerus="yes">
        <source>Release %n held post(s)</source>
        <translation>
            <numerusform>Release %n held post</numerusform>
            <numerusform>Release %n held posts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReportWords</name>
    <message numerus="yes">
        <source>From %n item(s) of conversation {conversation}, copied exactly as received. The report gets a reference when it is recorded.</source>
        <translation>
            <numerusform>From %n item of conversation {conversation}, copied exactly as received. The report gets a reference when it is recorded.</numerusform>
            <numerusform>From %n items of conversation {conversation}, copied exactly as received. The report gets a reference when it is recorded.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Report {reference} is recorded ({category}, %n item(s) preserved as received). {due}</source>
        <translation>
            <numerusform>Report {reference} is recorded ({category}, %n item preserved as received). {due}</numerusform>
            <numerusform>Report {reference} is recorded ({category}, %n items preserved as received). {due}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReportsView</name>
    <message numerus="yes">
        <source>%n report(s)</source>
        <translation>
            <numerusform>%n report</numerusform>
            <numerusform>%n reports</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RescheduleDialog</name>
    <message numerus="yes">
        <source>Reschedule %n target(s)</source>
        <translation>
            <numerusform>Reschedule %n target</numerusform>
            <numerusform>Reschedule %n targets</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message numerus="yes">
        <source>The console locks after %n minute(s) without input.</source>
        <translation>
            <numerusform>The console locks after %n minute without input.</numerusform>
            <numerusform>The console locks after %n minutes without input.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatementDialog</name>
    <message numerus="yes">
        <source>Send for approval (%n channel(s))</source>
        <translation>
            <numerusform>Send for approval (%n channel)</numerusform>
            <numerusform>Send for approval (%n channels)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Send now to %n channel(s)</source>
        <translation>
            <numerusform>Send now to %n channel</numerusform>
            <numerusform>Send now to %n channels</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatementsPanel</name>
    <message numerus="yes">
        <source>%n post(s) still scheduled on {channels}: Cordon keeps trying.</source>
        <translation>
            <numerusform>%n post is still scheduled on {channels}: Cordon keeps trying.</numerusform>
            <numerusform>%n posts are still scheduled on {channels}: Cordon keeps trying.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Pinning %n statement(s): the result shows in the list.</source>
        <translation>
            <numerusform>Pinning %n statement: the result shows in the list.</numerusform>
            <numerusform>Pinning %n statements: the result shows in the list.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Unpinning %n statement(s): the result shows in the list.</source>
        <translation>
            <numerusform>Unpinning %n statement: the result shows in the list.</numerusform>
            <numerusform>Unpinning %n statements: the result shows in the list.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncSummaryLabel</name>
    <message numerus="yes">
        <source>%n degraded</source>
        <translation>
            <numerusform>%n degraded</numerusform>
            <numerusform>%n degraded</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n late</source>
        <translation>
            <numerusform>%n late</numerusform>
            <numerusform>%n late</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n need(s) reconnect</source>
        <translation>
            <numerusform>%n needs reconnect</numerusform>
            <numerusform>%n need reconnect</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n offline</source>
        <translation>
            <numerusform>%n offline</numerusform>
            <numerusform>%n offline</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ok</source>
        <translation>
            <numerusform>%n ok</numerusform>
            <numerusform>%n ok</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n paused</source>
        <translation>
            <numerusform>%n paused</numerusform>
            <numerusform>%n paused</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ThreatAlerts</name>
    <message numerus="yes">
        <source>THREAT TO LIFE: %n urgent alert(s) open</source>
        <translation>
            <numerusform>THREAT TO LIFE: %n urgent alert open</numerusform>
            <numerusform>THREAT TO LIFE: %n urgent alerts open</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>THREAT TO LIFE: %n urgent alert(s). Oldest: a message on {channel} holds {phrases}</source>
        <translation>
            <numerusform>THREAT TO LIFE: %n urgent alert. Oldest: a message on {channel} holds {phrases}</numerusform>
            <numerusform>THREAT TO LIFE: %n urgent alerts. Oldest: a message on {channel} holds {phrases}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrainerView</name>
    <message numerus="yes">
        <source>%n holding statement(s) sent.</source>
        <translation>
            <numerusform>%n holding statement sent.</numerusform>
            <numerusform>%n holding statements sent.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n post(s) went out that should have been held.</source>
        <translation>
            <numerusform>%n post went out that should have been held.</numerusform>
            <numerusform>%n posts went out that should have been held.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n report(s) raised.</source>
        <translation>
            <numerusform>%n report raised.</numerusform>
            <numerusform>%n reports raised.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrainerWords</name>
    <message numerus="yes">
        <source>{elapsed} of {duration} gone; {fired} of %n inject(s) fired.</source>
        <translation>
            <numerusform>{elapsed} of {duration} gone; {fired} of %n inject fired.</numerusform>
            <numerusform>{elapsed} of {duration} gone; {fired} of %n injects fired.</numerusform>
        </translation>
    </message>
</context>
</TS>
