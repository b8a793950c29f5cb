"""Historic cases of the abolished 2017 rule (行政機関非識別加工情報), kept and reproduced by a ``legacy_2017``
organization: imported from CSV (:mod:`tokumei.law.legacy`), listed, and their documents rendered again."""
