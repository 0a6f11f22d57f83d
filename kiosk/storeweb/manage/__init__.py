"""The managers' back office at /manage, served by the store web service (issue 16).

    accounts   managers from the store config (back_office.managers), password checks
    db         the audit log and the last published versions (SQLite in the data dir)
    drafts     uploaded catalogues, checked and held per manager until a publish
    channel    the live catalogue (retained notice), publish, roll back
    mirrors    each mirror's retained state: health, catalogue version (the acknowledgement)
    results    the insight report for a date range, as a page and as CSV
    auth       sign-in, sign-out, sign-out everywhere (the staff app's sessions, CSRF, limits)
    routes     the pages; setup builds it all from a store config and adds it to the app
"""
