"""Reads a worksheet's cells and merged ranges from an .xlsx with zipfile (stdlib only):
load(path, "xl/worksheets/sheet1.xml") -> ({(row, col): (type, value, style, formula)}, merges, sst).
Used to write the expectations of TestXLSXConformance."""
import zipfile, re, sys
import xml.etree.ElementTree as ET
M='{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
def col(ref):
    letters=re.match(r'[A-Z]+',ref).group(0); n=0
    for ch in letters: n=n*26+ord(ch)-64
    return n
def letters(n):
    s=''
    while n: n,r=divmod(n-1,26); s=chr(65+r)+s
    return s
def load(path, sheetfile):
    z=zipfile.ZipFile(path)
    sst=[]
    if 'xl/sharedStrings.xml' in z.namelist():
        for si in ET.fromstring(z.read('xl/sharedStrings.xml')).iter(M+'si'):
            sst.append(''.join(t.text or '' for t in si.iter(M+'t')))
    root=ET.fromstring(z.read(sheetfile))
    cells={}
    for c in root.iter(M+'c'):
        r=c.get('r'); t=c.get('t','n'); v=c.find(M+'v'); f=c.find(M+'f')
        if t=='inlineStr':
            val=''.join(x.text or '' for x in c.iter(M+'t'))
        elif v is None: val=None
        elif t=='s': val=sst[int(v.text)]
        else: val=v.text
        rr=int(re.search(r'\d+',r).group(0))
        cells[(rr,col(r))]=(t,val,c.get('s'),None if f is None else (f.text or ''))
    merges=[m.get('ref') for m in root.iter(M+'mergeCell')]
    return cells, merges, sst
