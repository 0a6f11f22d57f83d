"""The staff console: a handheld-sized Qt app over kiosk.messaging.staff.StaffRequests."""
