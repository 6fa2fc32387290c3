"""Remote signing in the window: the accounts and their listing (:mod:`accounts`), the
account dialog (:mod:`account_dialog`), the main window's part — device tree, log in, add to
the inventory (:mod:`window`) — and the password/PIN/OTP prompts with the "approve on your
phone" dialog, its countdown and Cancel (:mod:`waiting`)."""
