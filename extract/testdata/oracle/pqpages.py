"""Decodes a flat Parquet column from its pages (stdlib only, plus the zstd program for zstd pages):
PLAIN, dictionary and DELTA_LENGTH_BYTE_ARRAY values of data pages v1 and v2, uncompressed,
Snappy, gzip or zstd. column(path, name) is its values, None for a null. Usage: pqpages.py FILE COLUMN."""
import sys, struct, zlib, subprocess
sys.path.insert(0,__import__('os').path.dirname(__file__)); from pqfooter import R, footer
def snappy(b):
    r=R(b); n=r.varint(); out=bytearray()
    while r.i<len(b):
        t=r.byte(); k=t&3
        if k==0:
            l=t>>2
            if l>=60: nb=l-59; l=int.from_bytes(b[r.i:r.i+nb],'little'); r.i+=nb
            l+=1; out+=b[r.i:r.i+l]; r.i+=l; continue
        if k==1: l=((t>>2)&7)+4; off=((t>>5)<<8)|r.byte()
        elif k==2: l=(t>>2)+1; off=int.from_bytes(b[r.i:r.i+2],'little'); r.i+=2
        else: l=(t>>2)+1; off=int.from_bytes(b[r.i:r.i+4],'little'); r.i+=4
        for _ in range(l): out.append(out[-off])
    assert len(out)==n; return bytes(out)
def gunzip(b):
    out=b''
    while b:
        d=zlib.decompressobj(31); out+=d.decompress(b); b=d.unused_data
    return out
def unzstd(b): return subprocess.run(['zstd','-dc'],input=b,capture_output=True,check=True).stdout
def decompress(codec,b):
    return {0:lambda x:x,1:snappy,2:gunzip,6:unzstd}[codec](b)
def rle(b,i,bw,n):
    out=[]
    while len(out)<n:
        r=R(b); r.i=i; h=r.varint(); i=r.i
        if h&1:
            g=h>>1; nbytes=g*bw; v=int.from_bytes(b[i:i+nbytes],'little'); i+=nbytes
            for k in range(g*8): out.append((v>>(k*bw))&((1<<bw)-1))
        else:
            w=(bw+7)//8; v=int.from_bytes(b[i:i+w],'little'); i+=w; out+= [v]*(h>>1)
    return out[:n], i
def delta_bp(b,i):
    r=R(b); r.i=i; bs=r.varint(); mb=r.varint(); total=r.varint(); first=r.zz()
    out=[first]; per=bs//mb
    while len(out)<total:
        md=r.zz(); widths=list(b[r.i:r.i+mb]); r.i+=mb
        for w in widths:
            if len(out)>=total: r.i+= 0; 
            nbytes=per*w//8; v=int.from_bytes(b[r.i:r.i+nbytes],'little'); r.i+=nbytes
            for k in range(per):
                if len(out)<total: out.append(out[-1]+md+((v>>(k*w))&((1<<w)-1) if w else 0))
            if len(out)>=total: break
    return out, r.i
def plain(ptype,b,i,n,tl=None):
    out=[]
    for _ in range(n):
        if ptype==1: out.append(struct.unpack_from('<i',b,i)[0]); i+=4
        elif ptype==2: out.append(struct.unpack_from('<q',b,i)[0]); i+=8
        elif ptype==6: l=struct.unpack_from('<I',b,i)[0]; out.append(b[i+4:i+4+l]); i+=4+l
        elif ptype==7: out.append(b[i:i+tl]); i+=tl
        elif ptype==4: out.append(struct.unpack_from('<f',b,i)[0]); i+=4
        elif ptype==5: out.append(struct.unpack_from('<d',b,i)[0]); i+=8
        else: raise ValueError(ptype)
    return out
def column(path, col, limit=10**9):
    m=footer(path); data=open(path,'rb').read()
    el={e[4].decode():e for e in m[2][1:]}
    e=el[col]; optional=e.get(3)==1; ptype=e.get(1); tl=e.get(2)
    vals=[]; 
    for rg in m[4]:
        cc=[c for c in rg[1] if c[3][3][-1].decode()==col][0][3]
        pos=cc.get(11) or cc[9]; end=pos+cc[7]; dictv=None; codec=cc[4]
        if cc.get(11) and cc[11]>cc[9]: pos=cc[9]
        while pos<end and len(vals)<limit:
            r=R(data); r.i=pos; ph=r.struct(); body=data[r.i:r.i+ph[3]]; pos=r.i+ph[3]
            if ph[1]==2:
                dictv=plain(ptype,decompress(codec,body),0,ph[7][1],tl); continue
            if ph[1]==3:
                h=ph[8]; n=h[1]; enc=h[4]; dl=h.get(5,0); rl=h.get(6,0)
                levels=body[:rl+dl]; rest=body[rl+dl:]
                if h.get(7,True): rest=decompress(codec,rest) if rest else b''
                defs=rle(levels,rl,1,n)[0] if optional else [1]*n
                b=rest; i=0
            elif ph[1]==0:
                b=decompress(codec,body); n=ph[5][1]; enc=ph[5][2]; i=0
                if optional:
                    l=struct.unpack_from('<I',b,0)[0]; defs,_=rle(b,4,1,n); i=4+l
                else: defs=[1]*n
            else: raise ValueError('page type %d'%ph[1])
            nn=sum(defs)
            if enc==0: vs=plain(ptype,b,i,nn,tl)
            elif enc in (2,8):
                bw=b[i]; idx,_=rle(b,i+1,bw,nn) if bw else ([0]*nn,0); vs=[dictv[k] for k in idx]
            elif enc==6:
                lens,j=delta_bp(b,i); vs=[]
                for l in lens: vs.append(b[j:j+l]); j+=l
            else: raise ValueError('encoding %d'%enc)
            it=iter(vs); vals+= [next(it) if d else None for d in defs]
    return vals[:limit]
if __name__=='__main__':
    p,c=sys.argv[1],sys.argv[2]; v=column(p,c); print(len(v), v[:8], v[-3:])
