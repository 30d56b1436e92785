"""A minimal S3 client for the moto server on port argv[1], bucket argv[2]: create, list, get."""
import sys, urllib.request, xml.etree.ElementTree as ET
port, bucket, op = sys.argv[1], sys.argv[2], sys.argv[3]
url = f"http://127.0.0.1:{port}/{bucket}"
if op == "create":
    urllib.request.urlopen(urllib.request.Request(url, method="PUT"))
else:
    ns = {"s3": "http://s3.amazonaws.com/doc/2006-03-01/"}
    tree = ET.fromstring(urllib.request.urlopen(url).read())
    for c in tree.findall("s3:Contents", ns):
        print(c.find("s3:Key", ns).text, c.find("s3:Size", ns).text)
