"""Thrift compact-protocol reader of a Parquet footer (stdlib only): footer(path) is the FileMetaData
as nested dicts keyed by field id; expectations(path) the row count and, per column, the null count
and least/greatest int or UTF-8 value from the column chunks' statistics."""
import struct, sys, os, json
class R:
    def __init__(s,b): s.b=b; s.i=0
    def byte(s): v=s.b[s.i]; s.i+=1; return v
    def varint(s):
        sh=0; v=0
        while True:
            c=s.byte(); v|=(c&0x7f)<<sh; sh+=7
            if not c&0x80: return v
    def zz(s):
        v=s.varint(); return (v>>1)^-(v&1)
    def val(s,t):
        if t==1: return True
        if t==2: return False
        if t==3: return struct.unpack('b',bytes([s.byte()]))[0]
        if t in (4,5,6): return s.zz()
        if t==7: v=struct.unpack('<d',s.b[s.i:s.i+8])[0]; s.i+=8; return v
        if t==8: n=s.varint(); v=s.b[s.i:s.i+n]; s.i+=n; return v
        if t in (9,10):
            h=s.byte(); n=h>>4; et=h&15
            if n==15: n=s.varint()
            if et in (1,2): return [s.byte()==1 for _ in range(n)]
            return [s.val(et) for _ in range(n)]
        if t==11:
            n=s.varint()
            if n==0: return {}
            h=s.byte(); kt,vt=h>>4,h&15
            return [(s.val(kt),s.val(vt)) for _ in range(n)]
        if t==12: return s.struct()
        raise ValueError('type %d'%t)
    def struct(s):
        out={}; last=0
        while True:
            h=s.byte()
            if h==0: return out
            d=h>>4; t=h&15
            fid = last+d if d else s.zz()
            last=fid
            out[fid]=s.val(t)
def footer(path):
    b=open(path,'rb').read()
    assert b[-4:]==b'PAR1'
    n=struct.unpack('<I',b[-8:-4])[0]
    return R(b[-8-n:-8]).struct()
def expectations(p):
    m=footer(p)
    schema=m[2]
    types={}
    for e in schema[1:]:
        if e.get(5): continue
        types[e[4].decode()]=(e.get(1),e.get(6),e.get(10))
    agg={}
    for rg in m.get(4,[]):
        for cc in rg[1]:
            md=cc.get(3,{}); path='.'.join(x.decode() for x in md.get(3,[]))
            st=md.get(12) or {}
            a=agg.setdefault(path,{'nulls':0,'nullsok':True,'min':None,'max':None,'mmok':True,'leaf':md.get(3,[])[-1].decode() if md.get(3) else path})
            if 3 in st: a['nulls']+=st[3]
            else: a['nullsok']=False
            mn,mx=st.get(6),st.get(5)
            if mn is None or mx is None: a['mmok']=False; continue
            a.setdefault('raw',[]).append((mn,mx))
    out={}
    for path,a in agg.items():
        t=types.get(a['leaf'],(None,None,None))
        r={'nulls':a['nulls'] if a['nullsok'] else None}
        if a['mmok'] and a.get('raw') and t[2] is None and t[1] in (None,) and t[0] in (1,2):
            fmt='<i' if t[0]==1 else '<q'
            vals=[(struct.unpack(fmt,mn)[0],struct.unpack(fmt,mx)[0]) for mn,mx in a['raw']]
            r['int']=(min(v[0] for v in vals),max(v[1] for v in vals))
        if a['mmok'] and a.get('raw') and t[0]==6 and (t[1]==0 or (t[2] and 1 in t[2])):
            vals=a['raw']; r['str']=(min(v[0] for v in vals).decode(),max(v[1] for v in vals).decode())
        out[path]=r
    return m.get(3), out
