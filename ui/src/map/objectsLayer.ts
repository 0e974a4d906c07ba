// The objects layer's one setting the main window needs: from how many objects the fleet is
// clustered (the layer itself is ObjectsLayer.svelte over the live overlay, live/).

/** Above this many objects, positions are clustered at low zooms. */
export const CLUSTER_ABOVE = 300;
