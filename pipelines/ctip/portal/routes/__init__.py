"""One module per page group: sign-in, submissions (list, upload, feedback), downloads, admin."""
