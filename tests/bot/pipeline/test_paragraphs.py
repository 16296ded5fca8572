from bot.pipeline.paragraphs import locate, split_paragraphs


def test_offsets_point_at_the_paragraph_text():
    body = "  First one.\n\n\nSecond\nline two.\n \nThird."
    paragraphs = split_paragraphs(body)
    assert [t for _, t in paragraphs] == ["First one.", "Second\nline two.", "Third."]
    for offset, text in paragraphs:
        assert body[offset : offset + len(text)] == text


def test_empty_body_has_no_paragraphs():
    assert split_paragraphs("\n\n  \n") == []


def test_locate_finds_the_containing_span():
    starts = [0, 10, 25]
    assert [locate(starts, x) for x in (0, 9, 10, 24, 25, 99)] == [0, 0, 1, 1, 2, 2]
