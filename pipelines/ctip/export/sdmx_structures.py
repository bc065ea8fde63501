"""Extract, once, what the SDG 16.2.2 export needs from the IAEG-SDGs SDG data structure (DSD 1.4)
into small CSV files under schemas/sdmx/, so exports and tests never need the 1.4 MB XML.

    python -m ctip.export.sdmx_structures ../shared/reference/sdmx schemas/sdmx

writes `dsd_components.csv` (every dimension, time dimension, measure and attribute of the DSD,
in the DSD's order, with its code list) and `codelists.csv` (the code lists the export uses,
complete, plus the `_T` "no breakdown" code of the DSD dimensions 16.2.2 does not break down by).
`extension_codes.csv` and `series_units.csv` are written by hand (see schemas/sdmx/SOURCE.md)."""

from __future__ import annotations

import csv
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

DSD_ID = "SDG"
# Code lists copied in full: every coded component the export fills in.
FULL_CODELISTS = (
    "CL_FREQ",
    "CL_REPORTING_TYPE",
    "CL_SERIES",
    "CL_AREA",
    "CL_SEX",
    "CL_AGE",
    "CL_OBS_STATUS",
    "CL_UNIT_MULT",
    "CL_UNIT_MEASURE",
    "CL_NATURE",
)
# Dimensions of the DSD that 16.2.2 does not break down by: only their "no breakdown" code.
NO_BREAKDOWN_CODES = ("_T",)
# CL_SERIES holds every SDG series: keep those of indicator 16.2.2 only.
SERIES_PREFIX = "VC_HTF_"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _name(element: ET.Element) -> str:
    for child in element:
        if _local(child.tag) == "Name" and child.attrib.get("{http://www.w3.org/XML/1998/namespace}lang", "en") == "en":
            return " ".join((child.text or "").split())
    return ""


def _ref(component: ET.Element, kind: str) -> tuple[str, str]:
    """(id, version) of the code list a component's local representation points to."""
    for el in component.iter():
        if _local(el.tag) == "Enumeration":
            for ref in el:
                if _local(ref.tag) == "Ref":
                    return ref.attrib.get("id", ""), ref.attrib.get("version", "")
    return "", ""


def extract(dsd_xml: Path) -> tuple[list[dict], list[dict]]:
    """(components, codes) rows from the DSD XML: every component of the SDG DSD in its order with its
    code list, and the codes of the code lists the export uses (complete, plus `_T`)."""
    root = ET.parse(dsd_xml).getroot()
    concepts = {el.attrib["id"]: _name(el) for el in root.iter() if _local(el.tag) == "Concept"}
    dsd = next(el for el in root.iter() if _local(el.tag) == "DataStructure" and el.attrib.get("id") == DSD_ID)
    version = dsd.attrib["version"]
    components = []
    for lst in dsd.iter():
        kind = {"DimensionList": "dimension", "AttributeList": "attribute", "MeasureList": "measure"}.get(_local(lst.tag))
        if not kind:
            continue
        for comp in lst:
            tag = _local(comp.tag)
            if tag not in ("Dimension", "TimeDimension", "Attribute", "PrimaryMeasure"):
                continue
            codelist, cl_version = _ref(comp, kind)
            component_kind = {"TimeDimension": "time", "PrimaryMeasure": "measure"}.get(tag, kind)
            components.append(
                {
                    "dsd": f"IAEG-SDGs:{DSD_ID}({version})",
                    "position": len(components) + 1,
                    "component": comp.attrib["id"],
                    "kind": component_kind,
                    "assignment": comp.attrib.get("assignmentStatus", "Mandatory" if kind != "attribute" else ""),
                    "codelist": codelist,
                    "codelist_version": cl_version,
                    "name": concepts.get(comp.attrib["id"], ""),
                }
            )
    wanted = {c["codelist"] for c in components if c["codelist"]}
    codes = []
    for cl in root.iter():
        if _local(cl.tag) != "Codelist" or cl.attrib["id"] not in wanted:
            continue
        full = cl.attrib["id"] in FULL_CODELISTS
        for code in cl:
            if _local(code.tag) != "Code":
                continue
            if cl.attrib["id"] == "CL_SERIES" and not code.attrib["id"].startswith(SERIES_PREFIX):
                continue
            if full or code.attrib["id"] in NO_BREAKDOWN_CODES:
                codes.append({"codelist": cl.attrib["id"], "version": cl.attrib["version"], "code": code.attrib["id"], "name": _name(code)})
    return components, codes


def write(components: list[dict], codes: list[dict], out_dir: Path) -> None:
    """Write `dsd_components.csv` and `codelists.csv` into `out_dir` (LF line ends, so reruns diff cleanly)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, rows in (("dsd_components.csv", components), ("codelists.csv", codes)):
        with open(out_dir / name, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


if __name__ == "__main__":
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    write(*extract(source / "SDG_DSD.xml"), target)
