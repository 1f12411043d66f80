"""Names vulture cannot see used: called by Qt, the standard library or a
framework rather than by our code, or kept on purpose. ``scripts/unused_code.py``
gives this file to vulture beside the code. Each line names what calls it.

Not run; only read by vulture (``_`` stands for any object).
"""

# ruff: noqa: B018, F821
# mypy: ignore-errors

# Qt calls these overrides and slots.
_.closeEvent  # QWidget (ui/frame/main_window.py)
_.mousePressEvent  # QWidget (widgets/calendar_grids.py)
_.mouseMoveEvent
_.mouseReleaseEvent
_.mouseDoubleClickEvent
_.onLock  # D-Bus signals from logind, by name (ui/frame/system_lock.py)
_.onPrepareForSleep
_.splitPath  # QCompleter (ui/incident/area_completer.py)
_.pathFromIndex

# The standard library calls these overrides and reads these settings.
_.handle_startendtag  # html.parser.HTMLParser (console/channels/mastodon_answers.py)
_.handle_endtag
_.handle_data
_.do_GET  # http.server.BaseHTTPRequestHandler (console/simulator_http.py)
_.do_POST
_.do_DELETE
_.log_message
_.handle_error  # socketserver.BaseServer
_.client_address
_.server_version
_.close_connection
_.daemon_threads  # socketserver.ThreadingMixIn
_.block_on_close
_.request_queue_size
_.exc  # the parameters of __exit__ / __aexit__

# Python calls a module's __getattr__ for a name it lacks (console/sync/__init__.py).
_.__getattr__

# fpdf2 calls footer() on every page.
_.footer

# Rows and records carry every column they are read from, used or not yet.
_.requested_utc  # storage/engine_service.py
_.fired_real_utc  # storage/exercises.py
_.next_attempt_utc  # storage/pullbacks.py
_.listed_utc
_.changed_utc  # storage/saved_replies.py
_.PENDING  # an enum value stored in the database (storage/engine_service.py)
_.COMBINATION  # an enum value stored in the database (storage/records.py)

# The THRIVE parts are read by dataclasses.fields() (console/reports/grading.py).
_.threat
_.risk
_.investigation
_.vulnerability
_.engagement

# What a network is, kept with its other facts in console/networks.py.
_.alt_text_required
_.can_delete

# Keeps the open "create a store" dialog referenced while it is open (ui/frame/app.py).
_.create_dialog

# Read by a translated sentence's placeholder ("{self.account_word}", "{self._network}"):
# gettext's sentences name the attribute inside the string, where vulture cannot see it.
_.account_word
_._network

# Marked with N_ so the extractor finds the words; translated where a rule names its unit.
_.UNITS

# Babel writes these into the catalogue's header (scripts/i18n.py).
_.revision_date
_.project
_.copyright_holder
_.last_translator
_.language_team

# bench/audit_rate.py runs it by name in a child interpreter (``getattr`` on the module,
# since an older tree measured side by side may not have it).
_.audit_appends
