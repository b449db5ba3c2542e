#!/usr/bin/env python3
"""Writes the hand-made seed inputs of the reader fuzz targets into corpus/csv and corpus/json.

    python3 tests/fuzz/seeds.py        # (re)writes tests/fuzz/corpus/{csv,json}/seed_*

Every input of fuzz_csv / fuzz_json starts with two option bytes (tests/ingest/fuzzcommon.h), then the
file itself:
  byte 0: bits 0-2 delimiter (0 detect, 1 ',', 2 ';', 3 tab, 4 '|'), 8 decimal comma, 16 thousands
          separator, 32 epoch seconds, 64 time zone Europe/Berlin, 128 value column mapped to "b";
  byte 1: read chunk = 16 + 4 * byte (so records straddle refills).
The seeds are small and each exercises one feature; libFuzzer's own findings (named by their SHA-1)
are merged next to them by tests/fuzz/run.sh --merge.
"""

import gzip
import os
import sys

DETECT, COMMA, SEMI, TAB, PIPE = 0, 1, 2, 3, 4
DECIMAL_COMMA, THOUSANDS, EPOCH_S, BERLIN, MAP_B = 8, 16, 32, 64, 128


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


CSV = {
    "comma_basic": (0, 0, b"timestamp,value,metric\n2024-01-01T00:00:00Z,1.5,sales\n2024-01-02T00:00:00Z,-2,returns\n"),
    "comma_explicit": (COMMA, 3, b"time,amount\n2024-01-01,1\n2024-01-02,2\n"),
    "semicolon_decimal_comma": (SEMI | DECIMAL_COMMA, 1,
                                b"ts;value;metric\n2024-01-01;3,5;a\n2024-01-02;1.234,5;b\n2024-01-03;-0,25;c\n"),
    "semicolon_detect": (DETECT, 0, b"datum;date;value\nx;2024-02-29;7\ny;2023-02-29;8\n"),
    "tab": (TAB, 2, b"time\tvalue\tuser_id\n1700000000\t1\tu1\n1700000000123\t2\tu2\n"),
    "tab_detect": (DETECT, 9, b"ts\tqty\tnote\n1704067200\t5\thello\n1704067200000\t6\tworld\n"),
    "pipe": (PIPE, 0, b"ts|value|source\n2024-01-01T00:00:00Z|1|web\n2024-01-01T00:00:01Z|2|app\n"),
    "pipe_detect": (DETECT, 5, b"timestamp|count\n2024-06-01 12:00:00|3\n"),
    "quoted_newline_quotes": (DETECT, 0, b'id,timestamp,value,comment\n1,2024-01-01T00:00:00Z,1,"multi\nline, with ""quotes"""\n'
                                         b'2,2024-01-01T00:00:01Z,2,plain\n3,"2024-01-01T00:00:02Z","3","a""b"\n'),
    "quoted_header": (DETECT, 1, b'"timestamp","value","a ""odd"" name"\n"2024-01-01",1,x\n'),
    "quoted_crlf_inside": (COMMA, 0, b'timestamp,value,note\r\n2024-01-01,1,"line1\r\nline2"\r\n'),
    "quote_mid_field": (COMMA, 0, b'timestamp,value\n2024-01-01,1"2\n2024-01-01,"1"2\n'),
    "unbalanced_quote": (DETECT, 0, b'timestamp,value,note\n2024-01-01T00:00:00Z,1,"never closed\n2024-01-02T00:00:00Z,2,x\n'),
    "unbalanced_quote_eof": (COMMA, 7, b'timestamp,value\n2024-01-01,"1'),
    "bom_semicolon": (DETECT, 0, b"\xef\xbb\xbftimestamp;value\n2024-01-01;1\n"),
    "bom_only": (DETECT, 0, b"\xef\xbb\xbf"),
    "utf16_bom": (DETECT, 0, b"\xff\xfet\x00s\x00,\x00v\x00\n\x00"),
    "crlf": (DETECT, 0, b"timestamp,value\r\n2024-01-01T00:00:00Z,1\r\n2024-01-01T00:00:01Z,2\r\n"),
    "cr_only": (DETECT, 0, b"timestamp,value\r2024-01-01T00:00:00Z,1\r2024-01-01T00:00:01Z,2\r"),
    "no_final_newline": (DETECT, 0, b"timestamp,value\n2024-01-01,1"),
    "blank_lines": (DETECT, 0, b"timestamp,value\n\n2024-01-01,1\n\n\n2024-01-02,2\n\n"),
    "empty": (DETECT, 0, b""),
    "header_only": (DETECT, 0, b"timestamp,value,metric\n"),
    "header_only_no_newline": (SEMI, 0, b"timestamp;value"),
    "missing_columns": (DETECT, 0, b"when,how_much\n2024-01-01,1\n"),
    "duplicate_columns": (DETECT, 0, b"timestamp,value,value\n2024-01-01,1,2\n"),
    "field_count_mismatch": (DETECT, 0, b"timestamp,value,metric\n2024-01-01,1\n2024-01-02,2,m,extra\n2024-01-03,3,m\n"),
    "epoch_seconds": (EPOCH_S, 0, b"ts,value\n0,1\n1700000000,2\n-1,3\n1700000000.5,4\n"),
    "epoch_auto_mixed": (DETECT, 4, b"ts,value\n1700000000,1\n1700000000000,2\n17000000000000000,3\n1e9,4\n"),
    "iso_offsets": (DETECT, 0, b"timestamp,value\n2024-01-01T00:00:00+02:00,1\n2024-01-01T00:00:00-0530,2\n"
                               b"2024-01-01T00:00:00.123456789Z,3\n2024-01-01 12:00,4\n20240101T000000Z,5\n"
                               b"2024-01-01T24:00:00Z,6\n2024-13-01,7\n0000-01-01,8\n9999-12-31T23:59:59.999Z,9\n10000-01-01,10\n"),
    "berlin_dst": (BERLIN, 0, b"timestamp,value\n2024-03-31T02:30:00,1\n2024-10-27T02:30:00,2\n2024-10-27T02:30:00+01:00,3\n"),
    "thousands": (THOUSANDS, 0, b'timestamp,value\n2024-01-01,"1,234.5"\n2024-01-02,"1,23,4"\n2024-01-03,1234\n'),
    "thousands_decimal_comma": (SEMI | THOUSANDS | DECIMAL_COMMA, 0, b"timestamp;value\n2024-01-01;1.234,5\n2024-01-02;1.2.3,4\n"),
    "mapping_b": (MAP_B, 0, b"a,b,ts\nx,5,2024-01-01\ny,value?,2024-01-02\n"),
    "non_finite_values": (DETECT, 0, b"timestamp,value\n2024-01-01,NaN\n2024-01-01,Infinity\n2024-01-01,-inf\n2024-01-01,1e400\n"
                                     b"2024-01-01,-0\n2024-01-01,0x1F\n2024-01-01, 5 \n2024-01-01,\n2024-01-01,1e-400\n"),
    "huge_numbers": (DETECT, 0, b"timestamp,value\n2024-01-01,123456789012345678901234567890\n"
                                b"2024-01-01,179769313486231570000000000000000000000000000000000000000000000000000000000000000000000000000"
                                b"0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                                b"00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                                b"0000000000000000000000000000000000000000000000\n"),
    "all_roles_and_attributes": (DETECT, 0, b"timestamp,value,metric,user_id,event_id,source,color,size\n"
                                            b"2024-01-01T00:00:00Z,1,m,u1,e1,web,red,10\n2024-01-01T00:00:01Z,2,,,,,,\n"),
    "unicode_names": (DETECT, 0, "date,value,Umsatz €,名前,metric\n2024-01-01,1,x,日本,Äpfel\n".encode()),
    "invalid_utf8_field": (DETECT, 0, b"timestamp,value,note\n2024-01-01,1,\xc3\x28\n2024-01-01,2,\xff\xfe\n2024-01-01,3,\xed\xa0\x80\n"),
    "binary_nul": (DETECT, 0, b"timestamp,value\n2024-01-01,1\x00\x00\x00\x01\x02\n"),
    "whitespace_fields": (DETECT, 0, b" timestamp , value \n 2024-01-01 , 1 \n\t2024-01-02\t,\t2\t\n"),
    "trailing_delimiter": (DETECT, 0, b"timestamp,value,\n2024-01-01,1,\n"),
    "wide_row": (DETECT, 0, b",".join(b"c%d" % i for i in range(300)).replace(b"c0", b"timestamp", 1).replace(b"c1,", b"value,", 1)
                 + b"\n" + b",".join(b"%d" % i for i in range(300)) + b"\n"),
    "record_near_limit": (DETECT, 200, b"timestamp,value,note\n2024-01-01,1," + b"x" * 1990 + b"\n2024-01-01,2," + b"y" * 2100 + b"\n"),
    "long_header": (DETECT, 255, b"timestamp,value," + b"h" * 2100 + b"\n2024-01-01,1,x\n"),
    "ambiguous_delimiter": (DETECT, 0, b"timestamp;value,metric|x\n2024-01-01;1,m|y\n"),
    "gzip_tiny": (DETECT, 0, gz(b"timestamp,value\n2024-01-01T00:00:00Z,1\n2024-01-02T00:00:00Z,2\n")),
    "gzip_truncated": (DETECT, 0, gz(b"timestamp,value\n2024-01-01T00:00:00Z,1\n")[:-12]),
    "gzip_two_members": (DETECT, 0, gz(b"timestamp,value\n2024-01-01,1\n") + gz(b"2024-01-02,2\n")),
    "gzip_garbage_after": (DETECT, 0, gz(b"timestamp,value\n2024-01-01,1\n") + b"garbage"),
    "gzip_bomb_small": (DETECT, 0, gz(b"timestamp,value\n" + b"2024-01-01,1\n" * 2000)),
    "json_via_detection": (DETECT, 0, b'[{"timestamp":"2024-01-01","value":1}]'),
    "ndjson_via_detection": (DETECT, 0, b'{"timestamp":"2024-01-01","value":1}\n{"timestamp":"2024-01-02","value":2}\n'),
}

JSON = {
    "array_flat": (0, 0, b'[{"timestamp":"2024-01-01T00:00:00Z","value":1.5,"metric":"sales"},'
                         b'{"timestamp":"2024-01-02T00:00:00Z","value":-2,"metric":"returns"}]'),
    "array_pretty": (0, 3, b'[\n  {"timestamp": "2025-09-20T00:00:00Z", "value": 5, "source": "demo"},\n'
                           b'  {"timestamp": "2025-09-21T00:00:00Z", "value": 7, "source": "demo"}\n]\n'),
    "single_object": (0, 0, b'{\n  "timestamp": "2024-05-01T12:00:00Z",\n  "value": 42,\n  "source": "single"\n}\n'),
    "empty_array": (0, 0, b"[]"),
    "empty_object": (0, 0, b"{}"),
    "empty": (0, 0, b""),
    "whitespace_only": (0, 0, b" \n\t\r\n"),
    "top_level_scalars": (0, 0, b"null"),
    "top_level_number": (0, 0, b"12345"),
    "top_level_string": (0, 0, b'"timestamp"'),
    "array_mixed_elements": (0, 0, b'[1,"a",null,[{"timestamp":"2024-01-01","value":1}],{"timestamp":"2024-01-01","value":2},true]'),
    "nested_attributes": (0, 1, b'[{"timestamp":"2024-01-01","value":1,"user":"u1","extra":{"a":[1,2,{"b":null}],"c":"d"},"ok":true}]'),
    "deep_nesting_limit": (0, 0, b'[{"timestamp":"2024-01-01","value":1,"x":' + b'[' * 15 + b'1' + b']' * 15 + b'}]'),
    "deep_nesting_over": (0, 0, b'[{"timestamp":"2024-01-01","value":1,"x":' + b'{"a":' * 40 + b'1' + b'}' * 40 + b'}]'),
    "deep_nesting_top": (0, 0, b'[' * 200 + b']' * 200),
    "huge_numbers": (0, 0, b'[{"timestamp":"2024-01-01","value":1e999},{"timestamp":"2024-01-01","value":-1e-999},'
                           b'{"timestamp":"2024-01-01","value":123456789012345678901234567890},'
                           b'{"timestamp":"2024-01-01","value":0.000000000000000000000000000001},'
                           b'{"timestamp":1e30,"value":1},{"timestamp":-1,"value":-0}]'),
    "bad_numbers": (0, 0, b'[{"timestamp":"2024-01-01","value":01},{"timestamp":"2024-01-01","value":1.},'
                          b'{"timestamp":"2024-01-01","value":.5},{"timestamp":"2024-01-01","value":+1},'
                          b'{"timestamp":"2024-01-01","value":1e},{"timestamp":"2024-01-01","value":-}]'),
    "nan_infinity_literals": (0, 0, b'[{"timestamp":"2024-01-01","value":NaN},{"timestamp":"2024-01-01","value":Infinity}]'),
    "nan_infinity_strings": (0, 0, b'[{"timestamp":"2024-01-01","value":"NaN"},{"timestamp":"2024-01-01","value":"Infinity"},'
                                   b'{"timestamp":"2024-01-01","value":"-inf"},{"timestamp":"2024-01-01","value":"1e400"}]'),
    "value_types": (0, 0, b'[{"timestamp":"2024-01-01","value":true},{"timestamp":"2024-01-01","value":null},'
                          b'{"timestamp":"2024-01-01","value":[1]},{"timestamp":"2024-01-01","value":{"v":1}},'
                          b'{"timestamp":"2024-01-01","value":"2.5"},{"timestamp":"2024-01-01"}]'),
    "decimal_comma_string": (DECIMAL_COMMA | THOUSANDS, 0, b'[{"timestamp":"2024-01-01","value":"3,5"},{"timestamp":"2024-01-01","value":"1.234,5"}]'),
    "epochs": (EPOCH_S, 0, b'[{"ts":1700000000,"value":1},{"ts":1700000000123,"value":2},{"ts":"1700000000","value":3},{"ts":1.7e9,"value":4}]'),
    "epochs_auto": (0, 0, b'[{"ts":1700000000,"value":1},{"ts":1700000000123,"value":2},{"ts":0,"value":3}]'),
    "iso_offsets": (BERLIN, 0, b'[{"time":"2024-01-01T00:00:00+02:00","value":1},{"time":"2024-03-31T02:30:00","value":2},'
                               b'{"time":"2024-10-27T02:30:00","value":3},{"time":"2024-01-01T00:00:00.123456789-0530","value":4},'
                               b'{"time":"9999-12-31T23:59:59Z","value":5},{"time":"0001-01-01","value":6}]'),
    "unicode_names": (0, 0, '[{"timestamp":"2024-01-01","value":1,"名前":"日本","Umsatz €":"x","metric":"Äpfel"}]'.encode()),
    "unicode_escapes": (0, 0, b'[{"timestamp":"2024-01-01","value":1,"n\\u00e4me":"\\ud83d\\ude00","m":"\\u0000"}]'),
    "lone_surrogates": (0, 0, b'[{"timestamp":"2024-01-01","value":1,"a":"\\ud800","b":"\\udc00x","c":"\\ud800\\u0041"}]'),
    "escapes": (0, 0, b'[{"timestamp":"2024-01-01","value":1,"s":"\\"\\\\\\/\\b\\f\\n\\r\\t","bad":"\\e"}]'),
    "control_chars": (0, 0, b'[{"timestamp":"2024-01-01","value":1,"s":"a\tb\x01"}]'),
    "invalid_utf8": (0, 0, b'[{"timestamp":"2024-01-01","value":1,"s":"\xc3\x28\xff"}]'),
    "bom": (0, 0, b'\xef\xbb\xbf[{"timestamp":"2024-01-01","value":1}]'),
    "duplicate_keys": (0, 0, b'[{"timestamp":"2024-01-01","value":1,"value":2,"timestamp":"2024-01-02"}]'),
    "trailing_comma": (0, 0, b'[{"timestamp":"2024-01-01","value":1},]'),
    "missing_comma": (0, 0, b'[\n  {"timestamp": "2024-01-02T00:00:00Z", "value": 5},\n  {"timestamp": "2024-01-02T00:05:00Z" "value": 7}\n]\n'),
    "unterminated_string": (0, 0, b'[{"timestamp":"2024-01-01,"value":1}]'),
    "unterminated_array": (0, 0, b'[{"timestamp":"2024-01-01","value":1}'),
    "data_after_end": (0, 0, b'[{"timestamp":"2024-01-01","value":1}] [] x'),
    "object_of_records": (0, 0, b'{"events":[{"timestamp":"2024-01-01","value":1}],"meta":{"n":1}}'),
    "record_over_limit": (0, 100, b'[{"timestamp":"2024-01-01","value":1,"pad":"' + b"x" * 2100 + b'"},{"timestamp":"2024-01-01","value":2}]'),
    "many_fields": (0, 0, b'[{"timestamp":"2024-01-01","value":1,' + b",".join(b'"f%d":%d' % (i, i) for i in range(150)) + b'}]'),
    "ndjson": (0, 0, b'{"timestamp":"2024-01-01T00:00:00Z","value":1,"user":"u1","extra":{"a":[1, 2]}}\n'
                     b'{"timestamp":1704067201,"value":"2.5","metric":"m"}\n\n{"ts":"2024-01-01T00:00:02Z"}\n'),
    "ndjson_bad_lines": (0, 0, b'{"timestamp":"2024-01-01","value":1}\nnot json\n{"timestamp":"2024-01-01","value":2\n'
                               b'[1,2]\n"str"\n{"timestamp":"2024-01-01","value":3}\n{}\n'),
    "ndjson_crlf": (0, 2, b'{"timestamp":"2024-01-01","value":1}\r\n{"timestamp":"2024-01-02","value":2}\r\n\r\n'),
    "ndjson_no_final_newline": (0, 0, b'{"timestamp":"2024-01-01","value":1}\n{"timestamp":"2024-01-02","value":2}'),
    "ndjson_long_line": (0, 0, b'{"timestamp":"2024-01-01","value":1}\n{"timestamp":"2024-01-01","value":2,"p":"' + b"z" * 2100 + b'"}\n'
                               b'{"timestamp":"2024-01-01","value":3}\n'),
    "ndjson_multiline_object": (0, 0, b'{"timestamp":"2024-01-01",\n"value":1}\n{"timestamp":"2024-01-02","value":2}\n'),
    "mapping_b": (MAP_B, 0, b'[{"a":"x","b":5,"ts":"2024-01-01"},{"a":"y","b":"five","ts":"2024-01-02"}]'),
    "gzip_array": (0, 0, gz(b'[{"timestamp":"2024-01-01T00:00:00Z","value":1},{"timestamp":"2024-01-02T00:00:00Z","value":2}]')),
    "gzip_ndjson": (0, 0, gz(b'{"timestamp":"2024-01-01","value":1}\n{"timestamp":"2024-01-02","value":2}\n')),
    "gzip_truncated": (0, 0, gz(b'[{"timestamp":"2024-01-01","value":1}]')[:-10]),
    "csv_not_json": (0, 0, b"timestamp,value\n2024-01-01,1\n"),
}


def write(directory: str, seeds: dict) -> None:
    os.makedirs(directory, exist_ok=True)
    for old in os.listdir(directory):
        if old.startswith("seed_"):
            os.remove(os.path.join(directory, old))
    for name, (options, chunk, body) in seeds.items():
        with open(os.path.join(directory, "seed_" + name), "wb") as f:
            f.write(bytes([options, chunk]) + body)


def main() -> int:
    corpus = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
    write(os.path.join(corpus, "csv"), CSV)
    write(os.path.join(corpus, "json"), JSON)
    print(f"{len(CSV)} CSV and {len(JSON)} JSON seeds written to {corpus}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
