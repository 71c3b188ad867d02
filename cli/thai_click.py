"""ita-bot speaks Thai in its help and errors too: click's own texts ("Usage:", "Error: Missing argument"…).

Click looks every text up through gettext (``_`` and ``ngettext`` in its modules) when it prints, so
its words can be replaced without touching its code. A compiled gettext catalogue would need a .mo
file and the right locale in the environment of every admin's shell and cron; a lookup in this table,
installed once when the command is built, works everywhere.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

import click

CATALOG = {
    "Usage:": "วิธีใช้:",
    "Options": "ตัวเลือก",
    "Commands": "คำสั่ง",
    "Positional arguments": "อาร์กิวเมนต์",
    "Show this message and exit.": "แสดงวิธีใช้นี้แล้วจบ",
    "Error: {message}": "ข้อผิดพลาด: {message}",
    "Try '{command} {option}' for help.": "ดูวิธีใช้ด้วย '{command} {option}'",
    "Missing argument": "ขาดอาร์กิวเมนต์",
    "Missing option": "ขาดตัวเลือก",
    "Missing parameter": "ขาดค่าที่ต้องระบุ",
    "Missing {param_type}": "ขาด {param_type}",
    "Missing parameter: {param_name}": "ขาดค่าที่ต้องระบุ: {param_name}",
    "Missing command.": "ยังไม่ได้ระบุคำสั่ง",
    "No such option {name!r}.": "ไม่มีตัวเลือก {name!r}",
    "No such command {name!r}.": "ไม่มีคำสั่ง {name!r}",
    "Invalid value: {message}": "ค่าไม่ถูกต้อง: {message}",
    "Invalid value for {param_hint}: {message}": "ค่าของ {param_hint} ไม่ถูกต้อง: {message}",
    "Got unexpected extra argument ({args})": "มีอาร์กิวเมนต์เกินมา ({args})",
    "Got unexpected extra arguments ({args})": "มีอาร์กิวเมนต์เกินมา ({args})",
    "Option {name!r} requires an argument.": "ตัวเลือก {name!r} ต้องมีค่าตามหลัง",
    "Option {name!r} requires {nargs} arguments.": "ตัวเลือก {name!r} ต้องมีค่าตามหลัง {nargs} ค่า",
    "Option {name!r} does not take a value.": "ตัวเลือก {name!r} ไม่รับค่า",
    "{value!r} is not {choice}.": "{value!r} ไม่ใช่ {choice}",
    "{value!r} is not one of {choices}.": "{value!r} ไม่อยู่ในรายการ: {choices}",
    "Did you mean {possibility}?": "หมายถึง {possibility} ใช่ไหม",
    "(Did you mean one of: {possibilities}?)": "(หมายถึงหนึ่งในนี้ใช่ไหม: {possibilities})",
    "Aborted!": "ยกเลิกแล้ว",
    "Choose from:\n\t{choices}": "เลือกจาก:\n\t{choices}",
    "env var: {var}": "ตัวแปรสภาพแวดล้อม: {var}",
    "default: {default}": "ค่าเริ่มต้น: {default}",
    "{value!r} is not a valid {number_type}.": "{value!r} ไม่ใช่ตัวเลขที่ถูกต้อง",
    "{value} is not in the range {range}.": "{value} อยู่นอกช่วง {range}",
    "required": "ต้องระบุ",
}
METAVARS = {"text": "ข้อความ", "file": "ไฟล์", "filename": "ไฟล์", "path": "ไฟล์", "directory": "โฟลเดอร์",
            "integer": "ตัวเลข", "float": "ตัวเลข", "boolean": "ใช่/ไม่ใช่", "uuid": "รหัส"}
"""Thai for the type a value must be (click shows TEXT, FILE, INTEGER…)."""
CLICK_MODULES = ("core", "exceptions", "formatting", "decorators", "types", "parser", "termui")
OPTIONS_METAVAR = "[ตัวเลือก]"
SUBCOMMAND_METAVAR = "คำสั่ง [อาร์กิวเมนต์]..."


def thai(message: str) -> str:
    return CATALOG.get(message, message)


def thai_plural(singular: str, plural: str, count: int) -> str:
    return thai(singular if count == 1 else plural)


def _install_texts() -> None:
    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        replacements: dict[str, Callable[..., str]] = {"_": thai, "ngettext": thai_plural}
        for attribute, function in replacements.items():
            if hasattr(module, attribute):
                setattr(module, attribute, function)


def localize(command: click.Command) -> None:
    """Thai for click's texts, and for every command below ``command``: usage words and whole summaries."""
    _install_texts()
    command.options_metavar = OPTIONS_METAVAR
    for param in command.params:
        _thai_metavar(param)
    if command.help and not command.short_help:  # click cuts a long summary with "..."; ours are short
        command.short_help = command.help.strip().splitlines()[0]
    if isinstance(command, click.Group):
        command.subcommand_metavar = SUBCOMMAND_METAVAR
        for child in command.commands.values():
            localize(child)


def _thai_metavar(param: click.Parameter) -> None:
    """A Thai metavar for an option that has none of its own (arguments show their names, choices their values)."""
    if not isinstance(param, click.Option) or param.is_flag or param.metavar is not None:
        return
    if isinstance(param.type, click.Choice):
        return
    name = "directory" if isinstance(param.type, click.Path) and not param.type.file_okay else param.type.name
    if name.lower() in METAVARS:
        param.metavar = METAVARS[name.lower()]
