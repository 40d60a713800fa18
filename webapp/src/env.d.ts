declare module "virtual:panel-texts" {
  const texts: Record<string, string>;
  export default texts;
}
