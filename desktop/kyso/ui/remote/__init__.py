"""Remote signing windows: the password/PIN/OTP prompts and the "approve on your phone"
dialog with its countdown and Cancel."""
