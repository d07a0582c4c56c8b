"""The dues app's pages, one module per topic: ledger (the monthly ledger, generating it, paying
lines), member (one member's dues: base, extra payments, hardship, reversals, 我的党费) and reports
(arrears, collection, disclosure, yearly figures, remittances)."""
