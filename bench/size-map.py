"""What the NativeAOT binary is made of, from ILC's map file (a sizoscope-style summary, by script).

    dotnet publish agent/Nictune.Host -r linux-x64 -c Release -o artifacts/aot \\
        -p:IlcGenerateMapFile=true -p:IlcGenerateMstatFile=true
    python3 bench/size-map.py [agent/Nictune.Host/obj/Release/net10.0/linux-x64/native]

Prints the compiler's nodes by kind (code, type data, GC info, reflection metadata, frozen objects...) and the code,
type data and GC info of each feature area, found by the mangled names of its assemblies and namespaces. A generic
instantiation counts in every area whose name appears in it (List<Kestrel type> counts for Kestrel), so areas overlap
and do not add up to the total; unwinding data (.eh_frame, .dotnet_eh_table) is in `size -A`, not in the map, and
grows with the number of methods, which is printed beside each area.
"""
import collections
import re
import sys

native = sys.argv[1] if len(sys.argv) > 1 else "agent/Nictune.Host/obj/Release/net10.0/linux-x64/native"
NODE = re.compile(r'<(\w+) Name="([^"]*)" Length="(\d+)"')
PER_TYPE_OR_METHOD = {"MethodCode", "GCInfo", "ConstructedEEType", "EEType", "MethodGenericDictionary",
                      "TypeGenericDictionary", "MethodExceptionHandlingInfo", "UnboxingStub", "InterfaceDispatchMap",
                      "SealedVTable", "GCStaticsPreInitData", "WritableData"}
AREAS = {
    "JSON (System.Text.Json)": ["System_Text_Json"],
    "LINQ (System.Linq)": ["System_Linq"],
    "Kestrel": ["Kestrel"],
    "Protobuf (Google.Protobuf)": ["Google_Protobuf"],
    "HTTP client (System.Net.Http)": ["System_Net_Http"],
    "gRPC client (Grpc.Net.Client)": ["Grpc_Net_Client"],
    "gRPC server (Grpc.AspNetCore.Server)": ["Grpc_AspNetCore"],
    "cryptography, TLS, ASN.1": ["Cryptography", "Net_Security", "Asn1"],
    "regular expressions": ["RegularExpressions"],
    "ASP.NET Core routing": ["AspNetCore_Routing"],
    "prometheus-net": ["Prometheus"],
    "System.CommandLine": ["System_CommandLine"],
    "YamlDotNet": ["YamlDotNet"],
    "Polly": ["Polly"],
    "immutable and frozen collections": ["Immutable", "Frozen"],
    "logging (Microsoft.Extensions.Logging)": ["Extensions_Logging"],
    "dependency injection": ["DependencyInjection"],
    "nictune's CLI (Nictune.Host.Cli)": ["Nictune_Host_Cli"],
    "nictune (all four assemblies)": ["Nictune_"],
}

kinds = collections.Counter()
area_bytes, area_methods = collections.Counter(), collections.Counter()
methods = 0
with open(f"{native}/nictune.map.xml", encoding="utf-8") as f:
    for line in f:
        m = NODE.search(line)
        if not m:
            continue
        kind, name, length = m.group(1), m.group(2), int(m.group(3))
        kinds[kind] += length
        if kind == "MethodCode":
            methods += 1
        if kind not in PER_TYPE_OR_METHOD:
            continue
        for area, keys in AREAS.items():
            if any(k in name for k in keys):
                area_bytes[area] += length
                area_methods[area] += kind == "MethodCode"

print(f"map total {sum(kinds.values()):,} bytes, {methods:,} methods")
print("by kind:")
for kind, size in kinds.most_common(14):
    print(f"  {size:>11,}  {kind}")
print("by area (code + type data + GC info; overlapping):")
for area, size in area_bytes.most_common():
    print(f"  {size:>11,}  {area_methods[area]:>6,} methods  {area}")
