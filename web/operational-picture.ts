// The signed-in view: the map with its layers and time slider, the side panel (picture, declare,
// hotline), the record badge and the urgent banner. Each entry the stream brings that may change
// what is shown has the views fetch again, at most once per burst; alerts are taken from the entries
// themselves, and live tracks come on their own socket and redraw only their layers.
import { DeclarePanel } from './declare/declare-panel.js';
import { DrawTool } from './declare/draw-tool.js';
import type { Compose } from './hotline/composer.js';
import { HotlinePanel } from './hotline/hotline-panel.js';
import { UrgentAlarm } from './hotline/urgent-alarm.js';
import { conflictRequest, movementNotice } from './hotline/written-drafts.js';
import { EntryStream, type StreamEntry } from './hub/entry-stream.js';
import type { HubApi } from './hub/hub-api.js';
import type { ConflictView, DeclarationListing, MessageView } from './hub/views.js';
import { language, onLanguageChange } from './i18n/language.js';
import { t } from './i18n/strings.js';
import { keptKey } from './keys/kept-key.js';
import { AlertsLayer } from './layers/alerts-layer.js';
import { ConflictsLayer } from './layers/conflicts-layer.js';
import { DeclarationsLayer, declarationsShownAt } from './layers/declarations-layer.js';
import { TracksLayer } from './layers/tracks-layer.js';
import { declarationExtent } from './map/declaration-extent.js';
import { DeclarationPopup } from './map/declaration-popup.js';
import { anchorOf } from './map/geo-shapes.js';
import { openGround } from './map/ground.js';
import { GroundRefusedNotice } from './map/ground-refused-notice.js';
import { MapAsList } from './map/map-as-list.js';
import { MapControls } from './map/map-controls.js';
import { MapView } from './map/map-view.js';
import { PlacesLayer } from './map/places-layer.js';
import { PositionPick } from './map/position-pick.js';
import { ShownPosition } from './map/shown-position.js';
import { theatreExtent } from './map/theatre-extent.js';
import { TilePlacesLayer } from './map/tile-places-layer.js';
import { OperatorDirectory } from './operator-directory.js';
import { PictureData } from './picture-data.js';
import { PicturePanel } from './picture-panel.js';
import { RecordBadge } from './record/record-badge.js';
import { describeAlert, describeConflict, describeDeclaration, describeTrack } from './ui/describe.js';
import { html } from './ui/dom.js';
import { keepingFocus } from './ui/keep-focus.js';
import { languagePicker } from './ui/language-picker.js';
import { LinkIndicator } from './ui/link-indicator.js';
import { PressGuard } from './ui/press-guard.js';
import { tabButtons } from './ui/tab-list.js';
import { TimeSlider } from './ui/time-slider.js';
import { alertAnchor } from './watch/alert-geometry.js';
import { LiveTracks } from './watch/live-tracks.js';
import { NoTracksNotice } from './watch/no-tracks-notice.js';
import { OpenAlerts } from './watch/open-alerts.js';

/** Northern Syria, the theatre the built-in places are named for: the map's home until the hub's is known. */
const THEATRE_CENTER: [number, number] = [38.6, 35.6];
const THEATRE_SPAN_DEGREES = 7;
const BURST_MS = 150;
/** How often the record is checked again when nothing happens: also how soon a silent hub is noticed. */
const RECHECK_MS = 20_000;
/** The d3 Mercator scale a declaration picked from the list is shown at: about 150 km across the map. */
const FOCUS_SCALE = 40_000;
/**
 * An intrusion or a non-conformance is about one track at one place, often a site a few hundred
 * metres across: it is shown about 20 km across, where the place is not hidden under the symbol.
 */
const PLACE_FOCUS_SCALE = 300_000;

const TABS = ['picture', 'declare', 'hotline'] as const;
type Tab = (typeof TABS)[number];

/** For a read that failed: the link already says the hub is out of reach. */
const ignore = () => {};

export async function operationalPicture(root: HTMLElement, api: HubApi, audio: AudioContext): Promise<void> {
  const data = new PictureData(api);
  const operators = new OperatorDirectory(api);
  const alerts = new OpenAlerts(api);
  const slider = new TimeSlider();
  const badge = new RecordBadge(api);
  const link = new LinkIndicator(api.link);
  let hotline: HotlinePanel | null = null;
  // The map is made once the page is laid out, before anything can be clicked.
  const showOnMap = (position: [number, number]) => {
    shown.show(position);
    view.focus(position, PLACE_FOCUS_SCALE);
  };
  const alarm = new UrgentAlarm(
    audio,
    (message: MessageView) => void hotline?.acknowledge(message),
    showOnMap,
    () => tabs.querySelector<HTMLElement>('[role=tab][aria-selected=true]')?.focus(),
  );

  const mapHolder = html('div', { class: 'map-holder' });
  const tabs = html('nav', { class: 'tabs', role: 'tablist' });
  const panelBody = html('div', { class: 'panel-body', role: 'tabpanel', id: 'tab-panel' });
  const header = html('header', { class: 'bar' });
  root.replaceChildren(
    html(
      'div',
      { class: 'app' },
      header,
      alarm.element,
      html(
        'main',
        { class: 'body' },
        html('section', { class: 'map-pane' }, mapHolder, slider.element),
        html('aside', { class: 'panel' }, tabs, panelBody),
      ),
    ),
  );

  const ground = await openGround(mapHolder, THEATRE_CENTER);
  const view = new MapView(
    mapHolder,
    { center: THEATRE_CENTER, spanDegrees: THEATRE_SPAN_DEGREES },
    ground.map,
  );
  const groundRefused = new GroundRefusedNotice(ground.refused);
  const controls = new MapControls(view);
  // The map fitted to a declaration and the time to its window, to follow it through that window.
  const zoomToWindow = (listing: DeclarationListing) => {
    view.fit(declarationExtent(listing.declaration), PLACE_FOCUS_SCALE);
    slider.showWindow(
      listing.declaration.title,
      Date.parse(listing.valid_from),
      Date.parse(listing.valid_until),
    );
  };
  const popup = new DeclarationPopup((listing) => describeDeclaration(listing, data), zoomToWindow);
  mapHolder.append(
    controls.element,
    popup.element,
    groundRefused.element,
    html('span', { class: 'map-attribution' }, ground.attribution),
  );
  let pending: ConflictView[] = [];
  view.add(
    new DeclarationsLayer(view.group('declarations'), {
      declarations: () => data.declarations,
      ownParty: () => api.party,
      shownTime: () => slider.value,
      describe: (listing) => describeDeclaration(listing, data),
    }),
  );
  view.add(
    new ConflictsLayer(view.group('conflicts'), {
      conflicts: () => [...data.conflicts, ...pending],
      shownTime: () => slider.value,
      describe: (conflict) => describeConflict(conflict, data),
    }),
  );
  // The basemap's own names where there is one; over the world outline, the theatre's built-in list.
  view.add(
    ground.schema
      ? new TilePlacesLayer(view, view.group('places'), ground, language)
      : new PlacesLayer(view.group('places'), language),
  );
  const shown = new ShownPosition(view.group('shown'));
  view.add(shown);
  const tracks = new LiveTracks(api);
  const alertsLayer = new AlertsLayer(view.group('alerts'), {
    alerts: () => alerts.all(),
    liveTrack: (id) => tracks.get(id),
    declaration: (id) => data.declarations.find((listing) => listing.id === id),
    describe: (alert) => describeAlert(alert, data).join('\n'),
    partyName: (id) => data.partyName(id),
  });
  const tracksLayer = new TracksLayer(view.group('tracks'), {
    tracks: () => tracks.all(),
    ownParty: () => api.party,
    describe: (track) => describeTrack(track, data),
  });
  view.add(alertsLayer);
  view.add(tracksLayer);
  const noTracks = new NoTracksNotice(() => tracks.all().length);
  mapHolder.append(noTracks.element);
  // Tracks move every second: only the layers that follow them are drawn again.
  tracks.onChange(() => {
    alertsLayer.draw(view);
    tracksLayer.draw(view);
    mapList.draw();
    noTracks.draw();
  });
  const tool = new DrawTool(view.group('drawing'), view);
  view.add(tool);
  const mapList = new MapAsList(view.element, {
    declarations: () => declarationsShownAt(data.declarations, slider.value),
    tracks: () => tracks.all(),
    alerts: () => alerts.all(),
    describeDeclaration: (listing) => describeDeclaration(listing, data),
    describeTrack: (track) => describeTrack(track, data),
    describeAlert: (alert) => describeAlert(alert, data).join(' · '),
  });
  mapHolder.append(mapList.toggle, mapList.element);
  // Last, so that it lists what the layers have just drawn.
  view.add(mapList);

  const picture = new PicturePanel(
    data,
    alerts,
    view.element,
    (listing) => {
      const shape =
        listing.declaration.geometry ??
        listing.declaration.route ??
        listing.declaration.volumes?.[0]?.geometry;
      if (shape) view.focus(anchorOf(shape), FOCUS_SCALE);
      const [from, until] = [Date.parse(listing.valid_from), Date.parse(listing.valid_until)];
      if (slider.value < from || slider.value > until) slider.choose(from);
    },
    (alert) => {
      const anchor = alertAnchor(alert, (id) => tracks.get(id));
      if (anchor) view.focus(anchor, alert.kind === 'loss-of-separation' ? FOCUS_SCALE : PLACE_FOCUS_SCALE);
    },
    (listing) => amend(listing),
    zoomToWindow,
    (conflict) => write(conflictRequest(conflict, api.party)),
  );
  const declare = new DeclarePanel(
    api,
    data,
    tool,
    (conflicts) => {
      pending = conflicts;
      view.redraw();
    },
    {
      notify: (listing) => write(movementNotice(listing, data.parties, api.party)),
      message: (conflict) => write(conflictRequest(conflict, api.party)),
    },
  );
  // A message the picture wrote opens in the hotline's composer, for the officer to check and send.
  const write = (draft: Compose) => {
    tab = 'hotline';
    hotline?.composeWritten(draft);
    renderChrome();
  };
  // A declaration clicked on the map when nothing is being drawn or picked shows its card; one of
  // the party's own, picked there or in the list, opens in the declare form too.
  const amend = (listing: DeclarationListing) => {
    declare.amend(listing);
    choose('declare', false);
  };
  // Registered before the position pick's own handler, so that the click a pick takes is seen
  // here while the pick is still waiting for it.
  view.onClick((_, event) => {
    popup.close();
    if (tool.drawing !== null || positionPick.picking) return;
    const id = (event.target as Element).closest('.declaration')?.getAttribute('data-id');
    const listing = data.declarations.find((d) => d.id === id);
    if (!listing) return;
    const box = view.element.getBoundingClientRect();
    popup.open(listing, [event.clientX - box.left, event.clientY - box.top]);
    if (listing.party === api.party) amend(listing);
  });
  const positionPick = new PositionPick(view);
  hotline = new HotlinePanel(api, data, operators, alarm, positionPick, showOnMap);
  const panels: Record<Tab, { element: HTMLElement; render(): void }> = { picture, declare, hotline };
  let tab: Tab = 'picture';

  /** Shows a tab's panel; from the keyboard, the tab chosen keeps the focus. */
  const choose = (name: Tab, fromKeyboard: boolean) => {
    tab = name;
    renderChrome();
    if (fromKeyboard) tabs.querySelector<HTMLElement>(`[data-tab=${name}]`)?.focus();
  };
  const renderChrome = () => {
    const signOut = html(
      'button',
      { type: 'button', class: 'sign-out', 'data-test': 'sign-out' },
      t('signOut'),
    );
    signOut.addEventListener('click', async () => {
      await keptKey.forget();
      location.reload();
    });
    // Drawn again on every change the hub sends: whoever is on a control here from the keyboard stays.
    keepingFocus(header, () =>
      header.replaceChildren(
        html('h1', {}, t('appName')),
        html(
          'span',
          { class: 'who', 'data-test': 'who' },
          html('bdi', {}, data.partyName(api.party)),
          ' · ',
          html('bdi', {}, api.operator),
        ),
        link.element,
        badge.element,
        languagePicker(api.operator),
        signOut,
      ),
    );
    const label = (name: Tab) =>
      name === 'hotline' && hotline?.waiting.length
        ? `${t('tab.hotline')} (${hotline.waiting.length})`
        : t(`tab.${name}`);
    keepingFocus(tabs, () => tabs.replaceChildren(...tabButtons(TABS, tab, label, choose)));
    panelBody.setAttribute('aria-labelledby', `tab-${tab}`);
    // Put back, the same panel would lose the focus of whoever is in it.
    if (panelBody.firstChild !== panels[tab].element) panelBody.replaceChildren(panels[tab].element);
  };
  const renderAll = () => {
    renderChrome();
    controls.render();
    for (const panel of Object.values(panels)) panel.render();
    badge.render();
    link.render();
    slider.relabel();
    noTracks.draw();
    groundRefused.draw();
    view.redraw();
  };
  onLanguageChange(() => {
    renderAll();
    void hotline?.refresh().catch(ignore);
  });
  let opened = false;
  // What the hub sends is drawn between the officer's presses, never under one (press-guard.ts).
  const betweenPresses = new PressGuard();
  const drawDeclared = () => {
    // ⌂ goes back to what is declared now; the map itself is moved only by the officer, except
    // once: it opens on what is declared as soon as that is known, before the list can be clicked,
    // so that a quick officer's first zoom is not undone.
    view.setTheatre(theatreExtent(data.declarations, ground.bounds));
    if (!opened) {
      opened = true;
      view.showTheatre();
    }
    slider.span(data.declarations.map((d) => ({ from: d.valid_from, until: d.valid_until })));
    picture.render();
    renderChrome();
    view.redraw();
  };
  const drawHotline = () => hotline?.render();
  const drawAlerts = () => {
    picture.render();
    alertsLayer.draw(view);
    mapList.draw();
  };
  data.onChange(() => {
    betweenPresses.draw(drawDeclared);
    // The hotline names declarations by their titles: a notice drawn before its declaration was read.
    betweenPresses.draw(drawHotline);
  });
  alerts.onChange(() => betweenPresses.draw(drawAlerts));
  operators.onChange(() => betweenPresses.draw(drawHotline));
  slider.onChange(() => view.redraw());
  // Lost, the hotline says its deadlines are as of then.
  api.link.onChange(() => hotline?.render());
  // A hub gone silent (a cable cut, not a closed socket) is noticed by the next check finding no hub.
  window.setInterval(() => void badge.check(), RECHECK_MS);
  hotline.onWaiting(renderChrome);

  let burst: number | undefined;
  const touched = { picture: false, hotline: false, operators: false };
  // A view that cannot be read now is read at the next burst or resumption; the link says why.
  const readTouched = () => {
    if (burst !== undefined) return;
    burst = window.setTimeout(() => {
      burst = undefined;
      if (touched.picture) void data.refresh().catch(ignore);
      if (touched.hotline) void hotline?.refresh().catch(ignore);
      if (touched.operators) void operators.refresh().catch(ignore);
      touched.picture = touched.hotline = touched.operators = false;
      void badge.check();
    }, BURST_MS);
  };
  const stream = new EntryStream(
    api,
    (entry: StreamEntry) => {
      alerts.take(entry);
      // An agreement suspended or resumed changes how its zones are shown.
      if (/^(declaration|conflict|party|roster|agreement)\./.test(entry.kind)) touched.picture = true;
      if (/^(message|delivery|conflict)\./.test(entry.kind)) touched.hotline = true;
      // A new party comes with its administrator; a key rotated or revoked changes no name.
      if (/^(party|operator)\./.test(entry.kind)) touched.operators = true;
      readTouched();
    },
    () => {
      // Back after a drop: what was read while the hub was out of reach failed, so read it all again.
      touched.picture = touched.hotline = touched.operators = true;
      readTouched();
    },
  );
  // Read only once the stream is on, so that nothing committed in between is missed.
  await stream.ready;
  // Not waited for: a large directory takes a few pages to read, and until it is in, the hotline
  // names operators by their ids, as it does any the directory does not know.
  void operators.refresh().catch(ignore);
  await Promise.all([data.refresh(), alerts.refresh(), hotline.refresh(), badge.check()]);
  renderAll();
}
