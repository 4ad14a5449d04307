// The floor: the smallest possible worker, measured the same way as ours.
export default {
  fetch() {
    return new Response('ok');
  },
};
