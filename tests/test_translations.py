from lokakarya.i18n_cli import missing, source_messages


def test_every_interface_string_has_an_english_translation():
    assert len(source_messages()) > 50  # the extractor really reads the sources
    assert missing("en") == {}


def test_features_do_not_translate_the_same_string_differently():
    """All catalogues are merged into one; a second, different English for the same Indonesian
    string silently replaces the first everywhere (e.g. "Acara": "Events" in the navigation)."""
    from babel.messages.pofile import read_po

    from lokakarya.i18n import catalogue_files

    seen: dict[str, tuple[str, str]] = {}
    conflicts = []
    for po_file in catalogue_files("en"):
        with po_file.open("rb") as fh:
            for message in read_po(fh, locale="en"):
                if not message.id or not message.string:
                    continue
                feature = po_file.parent.parent.name
                first = seen.setdefault(message.id, (feature, message.string))
                if first[1] != message.string:
                    conflicts.append(f"  {message.id!r}: {first[0]} says {first[1]!r}, "
                                     f"{feature} says {message.string!r}")
    assert not conflicts, ("Same Indonesian string, different English (use a more specific "
                           "Indonesian source string in one feature):\n" + "\n".join(conflicts))
