// Reading the marker overlay's positions, which the page exposes as `site:letter:x:y;…` in CSS
// pixels on `data-marker-positions`.

/** The position of marker `letter` (O, N, E, P) of site `siteIdx`, relative to the overlay. */
export async function markerPosition(overlay, siteIdx, letter) {
  const positions = await overlay.getAttribute("data-marker-positions");
  const entry = positions
    .split(";")
    .map((item) => item.split(":"))
    .find(([site, found]) => Number(site) === siteIdx && found === letter);
  if (!entry) throw new Error(`marker ${letter} of site ${siteIdx} is not drawn: ${positions}`);
  return { x: Number(entry[2]), y: Number(entry[3]) };
}
