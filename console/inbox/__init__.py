"""Working the inbox (no Qt): conversations, their states and assignment, notes,
teams, saved replies, consultation, author insights and retention.

* ``console.inbox.work``: list, open (audited consultation), change state, assign,
  note;
* ``console.inbox.teams``: the teams conversations can be assigned to;
* ``console.inbox.saved_replies``: replies with named {fields}, kept by approvers;
* ``console.inbox.insights``: an author's earlier items on a channel;
* ``console.inbox.retention``: erasing items older than the retention setting;
* ``console.inbox.cli``: ``cordon inbox list``;
* ``console.inbox.replies``: replies through the channels;
* ``console.inbox.listening``, ``console.inbox.threats``, ``console.inbox.watch``:
  listening rules and threat-to-life alerts, read as items are stored.
"""
