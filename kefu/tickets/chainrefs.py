"""Plain-language messages for refused chain references, by the engine's stable codes."""

from django.utils.translation import gettext_lazy as _

from kefu import chains

CHAIN_REF_MESSAGES = {
    chains.ChainRefCode.UNKNOWN_CHAIN: _("Choose a chain from the list."),
    chains.ChainRefCode.EMPTY: _("Paste the transaction hash or the address."),
    chains.ChainRefCode.NOT_TEXT: _("Paste the transaction hash or the address."),
    chains.ChainRefCode.INVALID_CHARACTERS: _(
        "It contains a space or a character that does not belong there "
        "(full-width or invisible characters often come from copying)."
    ),
    chains.ChainRefCode.WRONG_LENGTH: _("It has the wrong length for this chain."),
    chains.ChainRefCode.WRONG_FORMAT: _("This does not look like a valid value for this chain."),
    chains.ChainRefCode.BAD_CHECKSUM: _("The checksum does not match: a character may be wrong."),
    chains.ChainRefCode.BAD_EIP55_CHECKSUM: _(
        "The upper/lower case letters do not match the address checksum: a character may be wrong."
    ),
    chains.ChainRefCode.MIXED_CASE: _("Mixed upper and lower case is not valid here."),
    chains.ChainRefCode.BAD_WITNESS_PROGRAM: _("This address is not valid for this chain."),
    chains.ChainRefCode.WRONG_NETWORK: _("This belongs to another chain or network."),
    chains.ChainRefCode.MISSING_FIELD: _("Paste the transaction hash or the address."),
    chains.ChainRefCode.CONFLICTING_FIELDS: _("Give either a transaction hash or an address."),
    chains.ChainRefCode.UNEXPECTED_FIELD: _(
        "This does not look like a valid value for this chain."
    ),
}
