// Messages as TAK clients and ADS-B receivers actually send them: the attribute order, the
// XML declaration, the detail elements, the stale times and the CSV layouts of ATAK, WinTAK,
// dump1090 and readsb. The values are made up; the shapes are not.

/** ATAK's own position (PLI) every few seconds: GPS fix, team, battery, motion in m/s. */
export const ATAK_PLI = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><event version="2.0" uid="ANDROID-3b8f1c2d9e7a6b50" type="a-f-G-U-C" time="2026-03-02T10:15:20.512Z" start="2026-03-02T10:15:20.512Z" stale="2026-03-02T10:21:35.512Z" how="m-g"><point lat="36.2021046" lon="37.1342603" hae="412.817" ce="4.9" le="9999999.0"/><detail><takv os="34" version="5.2.0.4 (6b7a5e1c).1724855310-CIV" device="SAMSUNG SM-G991B" platform="ATAK-CIV"/><contact endpoint="*:-1:stcp" phone="" callsign="OCHA-ALEPPO-2"/><uid Droid="OCHA-ALEPPO-2"/><precisionlocation altsrc="GPS" geopointsrc="GPS"/><__group role="Team Member" name="Cyan"/><status battery="87"/><track course="271.35" speed="8.42"/></detail></event>`;

/** WinTAK's PLI: a Windows SID-style uid, a hand-set location (h-e), no motion. */
export const WINTAK_PLI = `<event version="2.0" uid="S-1-5-21-2720623347-3037847324-4167270909-1002" type="a-f-G-U-C-I" time="2026-03-02T10:15:31.00Z" start="2026-03-02T10:15:31.00Z" stale="2026-03-02T10:17:01.00Z" how="h-e"><point lat="36.19" lon="37.16" hae="9999999" ce="9999999" le="9999999" /><detail><contact callsign="WFP-OPS" endpoint="*:-1:stcp" /><__group name="Dark Blue" role="HQ" /><takv version="5.3.0.155" platform="WinTAK-CIV" device="LENOVO 20XW" os="Microsoft Windows 11 Pro" /><track speed="0.00000000" course="0.00000000" /><status battery="100" /></detail></event>`;

/** A hostile unit a user marked on the map. */
export const HOSTILE_MARKER = `<event version="2.0" uid="b9a8e3f2-5c11-4b39-9d1c-0a2f7e6c4d10" type="a-h-G-U-C-F" time="2026-03-02T10:16:02.114Z" start="2026-03-02T10:16:02.114Z" stale="2026-03-03T10:16:02.114Z" how="h-g-i-g-o"><point lat="36.25" lon="37.08" hae="9999999.0" ce="9999999.0" le="9999999.0"/><detail><status readiness="true"/><archive/><link uid="ANDROID-3b8f1c2d9e7a6b50" production_time="2026-03-02T10:16:02.114Z" type="a-f-G-U-C" parent_callsign="OCHA-ALEPPO-2" relation="p-p"/><contact callsign="H.1"/><remarks>seen moving north</remarks><precisionlocation altsrc="???"/></detail></event>`;

/** A friendly position placed by hand: a marker, not anyone's live position. */
export const FRIENDLY_MARKER = HOSTILE_MARKER.replace('a-h-G-U-C-F', 'a-f-G-U-C').replace('H.1', 'F.1');

/** A polygon drawn in ATAK: vertices as links, closed by repeating the first, with colours. */
export const ATAK_POLYGON = `<event version="2.0" uid="7d5c9a1e-0b44-4f1b-8e0e-2f9b1c6a3d77" type="u-d-f" time="2026-03-02T10:17:40.002Z" start="2026-03-02T10:17:40.002Z" stale="2026-03-03T10:17:40.002Z" how="h-e"><point lat="36.21" lon="37.12" hae="9999999.0" ce="9999999.0" le="9999999.0"/><detail><link point="36.21,37.12"/><link point="36.22,37.15"/><link point="36.19,37.16"/><link point="36.21,37.12"/><strokeColor value="-65536"/><strokeWeight value="4.0"/><fillColor value="1157562368"/><contact callsign="Shape 1"/><remarks>checkpoint area</remarks><archive/><labels_on value="true"/><__shapeExtras cpvis="true" editable="true"/></detail></event>`;

/** A free line drawn in ATAK: not closed. */
export const ATAK_LINE = ATAK_POLYGON.replace(
  '<link point="36.21,37.12"/><strokeColor',
  '<strokeColor',
).replace('Shape 1', 'Route 1');

/** A rectangle drawn in ATAK: four corners. */
export const ATAK_RECTANGLE = `<event version="2.0" uid="c3f0e1aa-1111-4c2d-9a9a-5e5e5e5e5e5e" type="u-d-r" time="2026-03-02T10:18:00.000Z" start="2026-03-02T10:18:00.000Z" stale="2026-03-03T10:18:00.000Z" how="h-e"><point lat="36.205" lon="37.135" hae="9999999.0" ce="9999999.0" le="9999999.0"/><detail><link point="36.21,37.13"/><link point="36.21,37.14"/><link point="36.20,37.14"/><link point="36.20,37.13"/><strokeColor value="-1"/><strokeWeight value="4.0"/><fillColor value="-1761607681"/><contact callsign="Rectangle 1"/><remarks/><archive/><labels_on value="false"/></detail></event>`;

/** A circle drawn in ATAK: centre at the event's point, radius in metres, a KML style inside. */
export const ATAK_CIRCLE = `<event version="2.0" uid="f0a1b2c3-d4e5-4f60-8a9b-0c1d2e3f4a5b" type="u-d-c-c" time="2026-03-02T10:18:30.000Z" start="2026-03-02T10:18:30.000Z" stale="2026-03-03T10:18:30.000Z" how="h-e"><point lat="36.2" lon="37.1" hae="9999999.0" ce="9999999.0" le="9999999.0"/><detail><shape><ellipse major="750.0" minor="750.0" angle="360"/><link uid="f0a1b2c3-d4e5-4f60-8a9b-0c1d2e3f4a5b.Style" type="b-x-KmlStyle" relation="p-c"><Style><LineStyle><color>ffff0000</color><width>4.0</width></LineStyle><PolyStyle><color>40ff0000</color></PolyStyle></Style></link></shape><__shapeExtras cpvis="true" editable="true"/><contact callsign="Circle 1"/><remarks/><archive/><labels_on value="true"/></detail></event>`;

/** GeoChat to All Chat Rooms. */
export const ATAK_CHAT = `<event version="2.0" uid="GeoChat.ANDROID-3b8f1c2d9e7a6b50.All Chat Rooms.5e3b1a2c-9f8d-4e7b-a6c5-d4e3f2a1b0c9" type="b-t-f" time="2026-03-02T10:19:05.220Z" start="2026-03-02T10:19:05.220Z" stale="2026-03-03T10:19:05.220Z" how="h-g-i-g-o"><point lat="36.2021046" lon="37.1342603" hae="412.817" ce="4.9" le="9999999.0"/><detail><__chat parent="RootContactGroup" groupOwner="false" messageId="5e3b1a2c-9f8d-4e7b-a6c5-d4e3f2a1b0c9" chatroom="All Chat Rooms" id="All Chat Rooms" senderCallsign="OCHA-ALEPPO-2"><chatgrp uid0="ANDROID-3b8f1c2d9e7a6b50" uid1="All Chat Rooms" id="All Chat Rooms"/></__chat><link uid="ANDROID-3b8f1c2d9e7a6b50" type="a-f-G-U-C" relation="p-p"/><remarks source="BAO.F.ATAK.ANDROID-3b8f1c2d9e7a6b50" to="All Chat Rooms" time="2026-03-02T10:19:05.220Z">Convoy at the bridge, holding 10 min</remarks><__serverdestination destinations="10.0.0.5:4242:tcp:ANDROID-3b8f1c2d9e7a6b50"/><marti><dest callsign="WFP-OPS"/></marti></detail></event>`;

/** ATAK's keep-alive to its server. */
export const ATAK_PING = `<event version="2.0" uid="ANDROID-3b8f1c2d9e7a6b50-ping" type="t-x-c-t" time="2026-03-02T10:19:30.000Z" start="2026-03-02T10:19:30.000Z" stale="2026-03-02T10:19:50.000Z" how="m-g"><point lat="0.0" lon="0.0" hae="0.0" ce="9999999.0" le="9999999.0"/><detail/></event>`;

/** TAK's sign-in on a plain streaming connection. */
export const TAK_SIGN_IN = `<auth><cot username="ocha-field" password="s3cret-token" uid="ANDROID-3b8f1c2d9e7a6b50"/></auth>`;

/** ATAK's PLI at another moment, for streams of several events. */
export function atakPli(at: string, lat: number, lon: number): string {
  return ATAK_PLI.replaceAll('2026-03-02T10:15:20.512Z', at)
    .replace('lat="36.2021046"', `lat="${lat}"`)
    .replace('lon="37.1342603"', `lon="${lon}"`);
}

/** dump1090's port-30003 output for one aircraft, every transmission type, CRLF-terminated. */
export const DUMP1090_LINES = [
  'MSG,1,1,1,738065,1,2026/03/02,10:20:01.102,2026/03/02,10:20:01.140,ELY027  ,,,,,,,,0,0,0,0',
  'MSG,3,1,1,738065,1,2026/03/02,10:20:01.503,2026/03/02,10:20:01.540,,34000,,,36.21463,37.09985,,,0,0,0,0',
  'MSG,4,1,1,738065,1,2026/03/02,10:20:01.914,2026/03/02,10:20:01.940,,,452,87,,,-64,,0,0,0,0',
  'MSG,3,1,1,738065,1,2026/03/02,10:20:02.305,2026/03/02,10:20:02.340,,34000,,,36.21470,37.10210,,,0,0,0,0',
  'MSG,5,1,1,738065,1,2026/03/02,10:20:02.700,2026/03/02,10:20:02.740,,34025,,,,,,,0,,0,0',
  'MSG,6,1,1,738065,1,2026/03/02,10:20:03.100,2026/03/02,10:20:03.140,,34025,,,,,,7700,0,-1,0,0',
  'MSG,7,1,1,738065,1,2026/03/02,10:20:03.500,2026/03/02,10:20:03.540,,34025,,,,,,,,,,0',
  'MSG,8,1,1,738065,1,2026/03/02,10:20:03.900,2026/03/02,10:20:03.940,,,,,,,,,,,,0',
];

/** A surface position from an aircraft taxiing: speed and track in the same message, on the ground. */
export const SURFACE_POSITION =
  'MSG,2,1,1,4CA2D6,1,2026/03/02,10:21:00.000,2026/03/02,10:21:00.020,,,12,184,36.18055,37.22444,,,,,,-1';

/** BaseStation's notices, as readsb and BaseStation write them. */
export const NOTICE_LINES = [
  'SEL,,496,2286,4CA4E5,27215,2026/03/02,10:20:07.710,2026/03/02,10:20:07.710,RYR1427',
  'ID,,496,7162,405637,27928,2026/03/02,10:20:08.159,2026/03/02,10:20:08.159,EZY691A',
  'AIR,,496,5906,400F01,27931,2026/03/02,10:20:09.017,2026/03/02,10:20:09.017',
  'STA,,5,179,400AE7,10103,2026/03/02,10:20:10.153,2026/03/02,10:20:10.153,RM',
  'CLK,,496,-1,,-1,2026/03/02,10:20:11.036,2026/03/02,10:20:11.036',
];
