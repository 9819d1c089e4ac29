"""The library's part of the account area: nothing. Resources are the editors' pages and
hold no reader's data, so there is no account section, no data export and nothing to
delete with an account."""
