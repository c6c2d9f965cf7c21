/** dcmjs ships no type declarations; the tests use its data-set API untyped. */
declare module "dcmjs";
