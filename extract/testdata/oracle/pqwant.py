"""Prints the parquetColumns entries of extract/parquet_conformance_values_test.go. Run from
../shared/data/parquet-testing: python3 .../pqwant.py (binary.parquet's entry was then edited by hand:
its blank values read as nulls)."""
import sys,glob,json; sys.path.insert(0,__import__('os').path.dirname(__file__)); from pqfooter import *; from pqpages import column
q=lambda s: json.dumps(s, ensure_ascii=False)
errors={'data/datapage_v1-corrupt-checksum.parquet','data/rle-dict-uncompressed-corrupt-checksum.parquet','data/nation.dict-malformed.parquet'}
files=[p for p in sorted(glob.glob('data/*.parquet')) if p not in errors]+['bad_data/ARROW-GH-43605.parquet']
decode={'data/alltypes_plain.parquet':{'id':1,'int_col':1,'bigint_col':1,'date_string_col':0,'string_col':0},
 'data/alltypes_plain.snappy.parquet':{'id':1,'int_col':1,'bigint_col':1,'date_string_col':0,'string_col':0},
 'data/alltypes_dictionary.parquet':{'id':1,'int_col':1,'bigint_col':1,'date_string_col':0,'string_col':0},
 'data/byte_array_decimal.parquet':{'value':'dec2'},
 'data/concatenated_gzip_members.parquet':{'long_col':1},
 'data/datapage_v1-snappy-compressed-checksum.parquet':{'a':1,'b':1},
 'data/delta_length_byte_array.parquet':{'FRUIT':0},
 'bad_data/ARROW-GH-43605.parquet':{'min_fl':1},
 'data/column_chunk_key_value_metadata.parquet':{'column1':1,'column2':1}}
def conv(kind,y):
    if y is None: return None
    if kind=='dec2': return int.from_bytes(y,'big',signed=True)/100
    if kind==0: return y.decode()
    return y
def ren(kind,x):
    if x is None: return ''
    if kind=='dec2': return '%g'%x
    return str(x)
for p in files:
    n,o=expectations(p)
    ents=[]
    if p in decode:
        for col,kind in decode[p].items():
            v=[conv(kind,y) for y in (column(p,col) if n else [])]
            nn=[x for x in v if x is not None]
            parts=['nulls: %d'%v.count(None)]
            if nn:
                parts.append('min: %s, max: %s'%(q(ren(kind,min(nn))),q(ren(kind,max(nn)))))
                if kind!=0: parts.append('num: true')
                parts.append('first: []string{%s}'%', '.join(q(ren(kind,x)) for x in v[:8]))
            ents.append('%s: {%s}'%(q(col),', '.join(parts)))
    else:
        for col,r in o.items():
            parts=[]
            nl=r['nulls']
            if nl is None and 'int' not in r and 'str' not in r: continue
            parts.append('nulls: %d'%(-1 if nl is None else nl))
            if 'int' in r: parts.append('min: "%d", max: "%d", num: true'%r['int'])
            if 'str' in r: parts.append('min: %s, max: %s'%(q(r['str'][0]),q(r['str'][1])))
            ents.append('%s: {%s}'%(q(col),', '.join(parts)))
    if not ents: print('// NOTHING', p)
    else: print('\t%s: {%s},'%(q(p),', '.join(ents)))
