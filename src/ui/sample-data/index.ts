export { type OfferState, SampleDataOffer, type SampleDataOfferProps, SampleDataOfferView } from './sample-data-offer.tsx';
export {
  AUTO_INSTALLED_KEY,
  DISMISSED_KEY,
  decideOffer,
  type FlagStore,
  type InstallProgress,
  installSamples,
  type OfferDecision,
  SAMPLE_DATABASE,
} from './sample-offer-model.ts';
