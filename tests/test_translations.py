from lokakarya.i18n_cli import missing, source_messages


def test_every_interface_string_has_an_english_translation():
    assert len(source_messages()) > 50  # the extractor really reads the sources
    assert missing("en") == {}
