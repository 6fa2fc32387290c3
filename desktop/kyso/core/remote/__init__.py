"""Remote signing services: the leader's key in a signing service, approved on the phone.

Providers speak their dialects — the Cloud Signature Consortium API (:mod:`csc`, v1 and v2;
Ban Cơ yếu's RSSP as a CSC v2 profile), VNPT SmartCA (:mod:`vnpt`) and Viettel MySign
(:mod:`viettel`) — and all map to one :class:`~kyso.core.remote.provider.Provider`: list
credentials with their certificate chains, sign n digests under one authorization (PIN/OTP
asked through a prompter, or approval on the phone), poll with a deadline, cancel.
:class:`~kyso.core.remote.key.RemoteKey` puts a credential behind the signing-key interface
(:mod:`kyso.core.keys`), so policy, appearances, the batch and the audit log treat it exactly
like a token. Accounts (:mod:`accounts`) keep their settings in the user's config folder and
their secrets only in the OS keyring or, without one, in memory for the process.

Imports keys, certs, net and the shared core modules; never tokens, signing or anything above.
"""
