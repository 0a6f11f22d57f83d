"""The store web service (Qt-free): one Starlette app with staff sessions, shared by the
associates' app (/staff, issue 19) and the back office (/manage, later).

    accounts  staff from the store config, PIN checks (hashed, constant work)
    sessions  signed session cookies, one shift long, revocable; CSRF tokens
    limits    sign-in rate limits per phone address and per account
    relay     the zone's MQTT request docs -> each signed-in associate, claims back
    web       the app factory: security headers, CSRF on every POST, templates
    staff     the /staff routes (sign-in, live list, actions, Server-Sent Events)
    server    build from a store config; run in the foreground or in-process (demo)
"""
